using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Text;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// The exception carried by every simulated Exchange error. Its Message has the EXO v3 form
    /// <c>Ex&lt;6 hex&gt;|&lt;server exception type&gt;|&lt;text&gt;</c>.
    /// </summary>
    public sealed class SimulatedExchangeException : Exception
    {
        public SimulatedExchangeException(string exceptionType, string text, ErrorCategory category, bool isTransient = false, string? code = null)
            : base("Ex" + (code ?? ExchangeErrors.CodeFor(exceptionType)) + "|" + exceptionType + "|" + text)
        {
            ExceptionType = exceptionType;
            Text = text;
            Category = category;
            IsTransient = isTransient;
        }

        public string ExceptionType { get; }
        public string Text { get; }
        public ErrorCategory Category { get; }
        public bool IsTransient { get; }

        /// <summary>The identity the error is about, when the thrower knows better than the cmdlet (e.g. the source, not the target).</summary>
        public object? TargetObject { get; set; }

        public SimulatedExchangeException About(object? target)
        {
            TargetObject = target;
            return this;
        }
    }

    /// <summary>
    /// An error whose message is written verbatim (not in the <c>Ex..|type|text</c> form): the texts of Exchange Online's
    /// client side (HttpRequestException, pagination expiry, the 401 'GetResponseHeader' method-invocation failure) and
    /// the <c>code|type|message</c> forms with empty or padded fields.
    /// </summary>
    public sealed class VerbatimExchangeError
    {
        public VerbatimExchangeError(Exception exception, string errorId, ErrorCategory category)
        {
            Exception = exception;
            ErrorId = errorId;
            Category = category;
        }

        public Exception Exception { get; }
        public string ErrorId { get; }
        public ErrorCategory Category { get; }

        public ErrorRecord ToErrorRecord(object? target) => new ErrorRecord(Exception, ErrorId, Category, target);
    }

    /// <summary>The exception types and texts of the simulated service.</summary>
    public static class ExchangeErrors
    {
        public const string DomainController = "EURPR01A001DC03.EURPR01A001.prod.outlook.com";
        public const string NotFoundType = "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException";
        public const string AmbiguousType = "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException";
        public const string RecipientTaskType = "Microsoft.Exchange.Configuration.Tasks.RecipientTaskException";
        public const string Mrs = "Microsoft.Exchange.MailboxReplicationService.";
        public const string ServerBusyType = "Microsoft.Exchange.Data.Storage.ServerBusyException";
        public const string UnauthorizedType = "Microsoft.Exchange.Management.RestApiClient.RestApiUnauthorizedException";

        private static readonly Dictionary<string, string> KnownCodes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [NotFoundType] = "6F9304",
            [AmbiguousType] = "0DE4C8",
        };

        /// <summary>A stable 6-hex code per exception type (the contract's example code for not-found).</summary>
        public static string CodeFor(string exceptionType)
        {
            if (KnownCodes.TryGetValue(exceptionType, out var code)) return code;
            using (var md5 = MD5.Create())
            {
                byte[] h = md5.ComputeHash(Encoding.UTF8.GetBytes(exceptionType));
                return h[0].ToString("X2") + h[1].ToString("X2") + h[2].ToString("X2");
            }
        }

        public static ErrorRecord ToErrorRecord(SimulatedExchangeException ex, string commandName, object? targetObject)
        {
            string id = CodeFor(ex.ExceptionType) + "," + ex.ExceptionType.Substring(ex.ExceptionType.LastIndexOf('.') + 1) + "," + commandName;
            return new ErrorRecord(ex, id, ex.Category, targetObject);
        }

        public static SimulatedExchangeException NotFound(string identity) =>
            new SimulatedExchangeException(NotFoundType,
                "The operation couldn't be performed because object '" + identity + "' couldn't be found on '" + DomainController + "'.",
                ErrorCategory.ObjectNotFound);

        public static SimulatedExchangeException Ambiguous(string identity) =>
            new SimulatedExchangeException(AmbiguousType,
                "The operation couldn't be performed because '" + identity + "' matches multiple entries.",
                ErrorCategory.InvalidArgument);

        public static SimulatedExchangeException Permanent(string shortType, string text, ErrorCategory category = ErrorCategory.InvalidArgument) =>
            new SimulatedExchangeException(Mrs + shortType, text, category);

        public static SimulatedExchangeException RecipientTask(string text) =>
            new SimulatedExchangeException(RecipientTaskType, text, ErrorCategory.InvalidOperation);

        /// <summary>Throttling as EXO reports it: server busy with a micro delay.</summary>
        public static SimulatedExchangeException ServerBusy(int delaySeconds) =>
            new SimulatedExchangeException(ServerBusyType,
                "The server is busy. Too many requests were sent (micro delay " + delaySeconds + " seconds applied). Try again later.",
                ErrorCategory.ResourceBusy, isTransient: true);

        /// <summary>The replication-delay NotFound of a just-created or just-changed object (code Ex4215D1).</summary>
        public static SimulatedExchangeException ReplicationDelay(string identity) =>
            new SimulatedExchangeException(NotFoundType,
                "The operation couldn't be performed because object '" + identity + "' couldn't be read from domain controller '" + DomainController +
                "'. This may be due to replication delays.",
                ErrorCategory.ObjectNotFound, isTransient: true, code: ReplicationDelayCode);

        public const string ReplicationDelayCode = "4215D1";
        public const string HttpRequestText = "An error occurred while sending the request.";
        public const string PaginationExpiredText = "Expired or Invalid pagination request. Default Expiry time is 00:30:00";
        public const string GetResponseHeaderText = "Method invocation failed because [System.Net.Http.HttpResponseMessage] does not contain a method named 'GetResponseHeader'.";
        public const string EmptyFieldsUserNotFoundText = "||The user couldn't be found.";
        public const string PaddedInvalidOperationText = "| System.InvalidOperationException | The operation couldn't be performed because the service is temporarily unavailable.";

        /// <summary>The throttling warning of Exchange Online PowerShell (the call itself succeeds).</summary>
        public static string MicroDelayWarning(int milliseconds, bool enforced) =>
            "Micro delay applied. Actual delayed: " + milliseconds + " msecs, Enforced: " + (enforced ? "True" : "False") +
            ", Capped delay: " + milliseconds + " msecs, Required: " + (enforced ? "True" : "False") +
            ", Additional info: [Resource:Processor, Budget:PowerShell, Owner:Sid~S-1-5-21-3623811015-3361044348-30300820-1013~PowerShell~false, ExchangeCmdletsLeft:183/200].";

        /// <summary>The error of an injected fault kind other than ServerBusy and MicroDelay.</summary>
        public static VerbatimExchangeError Verbatim(string kind)
        {
            switch (kind)
            {
                case FaultKinds.HttpRequest:
                    return new VerbatimExchangeError(new System.Net.Http.HttpRequestException(HttpRequestText), "System.Net.Http.HttpRequestException", ErrorCategory.ConnectionError);
                case FaultKinds.PaginationExpired:
                    return new VerbatimExchangeError(new InvalidOperationException(PaginationExpiredText), "PaginationExpired", ErrorCategory.InvalidOperation);
                case FaultKinds.GetResponseHeader:
                    return new VerbatimExchangeError(new RuntimeException(GetResponseHeaderText), "MethodNotFound", ErrorCategory.InvalidOperation);
                case FaultKinds.EmptyFieldsUserNotFound:
                    return new VerbatimExchangeError(new InvalidOperationException(EmptyFieldsUserNotFoundText), "EmptyFieldsUserNotFound", ErrorCategory.NotSpecified);
                case FaultKinds.PaddedInvalidOperation:
                    return new VerbatimExchangeError(new InvalidOperationException(PaddedInvalidOperationText), "PaddedInvalidOperation", ErrorCategory.NotSpecified);
                default:
                    throw new ArgumentException("No verbatim error for fault kind '" + kind + "'.");
            }
        }

        public static SimulatedExchangeException TokenExpired(DateTime expiredAtUtc) =>
            new SimulatedExchangeException(UnauthorizedType,
                "401 Unauthorized: the access token expired at " + expiredAtUtc.ToString("u", System.Globalization.CultureInfo.InvariantCulture) +
                ". Run Connect-ExchangeOnline to sign in again.",
                ErrorCategory.AuthenticationError);
    }
}
