using System;

namespace InactiveRestore
{
    /// <summary>
    /// A value given to a cmdlet that is refused before any Exchange call. Cmdlets turn it into an ErrorRecord with
    /// <see cref="ErrorId"/>, category InvalidArgument and the offending <see cref="Value"/> as target.
    /// </summary>
    public sealed class InvalidInputException : ArgumentException
    {
        public InvalidInputException(string errorId, string parameterName, object? value, string message)
            : base(message, parameterName)
        {
            ErrorId = errorId;
            Value = value;
        }

        /// <summary>A specific ErrorId, e.g. InvalidIdentity, InvalidRequestName, InvalidFolderSpec.</summary>
        public string ErrorId { get; }

        /// <summary>The refused value (the ErrorRecord's target).</summary>
        public object? Value { get; }
    }
}
