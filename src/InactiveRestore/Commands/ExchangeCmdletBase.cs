using System;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading;
using InactiveRestore.Core;
using InactiveRestore.Exchange;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// The base of every cmdlet that talks to Exchange. It creates the client lazily (so cmdlets that fail input
    /// validation never touch Exchange), writes the client's Calling/Retrying events to Verbose and its Warning event
    /// to the warning stream, cancels back-off waits on Ctrl+C (StopProcessing), and turns exceptions into ErrorRecords
    /// through <see cref="ErrorRecordFactory"/>. Logic belongs in Core/Exchange, not here.
    /// </summary>
    public abstract class ExchangeCmdletBase : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new();
        private IExchangeClient? _client;
        private IExchangeGateway? _gateway;

        /// <summary>Cancelled when the user stops the pipeline.</summary>
        protected CancellationToken CancellationToken => _cancellation.Token;

        /// <summary>The Exchange client of this invocation (created on first use).</summary>
        private protected IExchangeClient ExchangeClient => _client ??= Wire(CreateExchangeClient());

        /// <summary>
        /// The retry policy for this invocation's Exchange calls: <see cref="RetryPolicy.Default"/>, or what the
        /// preference variable $InactiveRestoreRetryPolicy says (e.g. <c>@{ MaxAttempts = 8; TotalBudget = 600 }</c>).
        /// </summary>
        private protected virtual RetryPolicy RetryPolicy =>
            RetryPolicy.FromPreference(SessionState.PSVariable.GetValue(RetryPolicy.PreferenceVariable));

        /// <summary>Creates the client; the default runs Exchange in the caller's runspace.</summary>
        private protected virtual IExchangeClient CreateExchangeClient() =>
            RunspaceExchangeClient.ForCurrentRunspace(RetryPolicy, _cancellation.Token);

        /// <summary>The typed Exchange gateway over <see cref="ExchangeClient"/>: the one way the cmdlets reach Exchange.</summary>
        private protected IExchangeGateway Gateway => _gateway ??= new ExchangeGateway(ExchangeClient);

        /// <summary>
        /// Loads the module's views into this runspace on the first use of a cmdlet (see <see cref="ModuleViews"/>), then
        /// runs <see cref="Begin"/>. Sealed so that no cmdlet can write output before the views are there.
        /// </summary>
        protected sealed override void BeginProcessing()
        {
            ModuleViews.EnsureLoaded(this);
            Begin();
        }

        /// <summary>The cmdlet's own BeginProcessing work (parameter checks before the first record).</summary>
        private protected virtual void Begin()
        {
        }

        protected override void StopProcessing()
        {
            _cancellation.Cancel();
            base.StopProcessing();
        }

        private IExchangeClient Wire(IExchangeClient client)
        {
            client.Calling += (_, line) => WriteVerbose($"Exchange: {line}");
            if (client is IExchangeSession session)
            {
                session.Retrying += (_, e) => WriteVerbose(e.Message);
                session.Warning += (_, message) => WriteWarning(message);
            }
            return client;
        }

        /// <summary>
        /// Reports an exception: NotConnected and SessionExpired end the cmdlet (ThrowTerminatingError); a stop
        /// request becomes PipelineStoppedException; everything else is written as a non-terminating error.
        /// </summary>
        protected void WriteExchangeError(Exception exception, object? target = null)
        {
            if (exception is OperationCanceledException or PipelineStoppedException) throw new PipelineStoppedException();
            var record = ErrorRecordFactory.Create(exception, target, RemedyShownApart);
            if (ErrorRecordFactory.IsTerminating(exception)) ThrowTerminatingError(record);
            WriteError(record);
        }

        /// <summary>Ends the cmdlet with the ErrorRecord for <paramref name="exception"/>.</summary>
        protected void ThrowExchangeError(Exception exception, object? target = null)
        {
            if (exception is OperationCanceledException or PipelineStoppedException) throw new PipelineStoppedException();
            ThrowTerminatingError(ErrorRecordFactory.Create(exception, target, RemedyShownApart));
        }

        /// <summary>
        /// True when this session's error view prints an ErrorRecord's RecommendedAction on a line of its own ($ErrorView
        /// ConciseView, PowerShell 7's default): messages then leave the remedy to it, so it is said once.
        /// </summary>
        private protected bool RemedyShownApart => ErrorRecordFactory.RemedyShownApart(this);

        /// <summary>ErrorDetails with the remedy said once on screen and kept in RecommendedAction (<see cref="ErrorRecordFactory.Details"/>).</summary>
        private protected ErrorDetails ErrorDetailsFor(string message, string? remedy) => ErrorRecordFactory.Details(message, remedy, RemedyShownApart);

        /// <summary>
        /// Runs <paramref name="action"/>; ExchangeException, InvalidInputException and RequestStateException are reported with
        /// <see cref="WriteExchangeError"/>. Returns false when it failed.
        /// </summary>
        protected bool TryExchange(Action action, object? target = null)
        {
            try
            {
                action();
                return true;
            }
            catch (Exception e) when (e is ExchangeException or InvalidInputException or RequestStateException or OperationCanceledException)
            {
                WriteExchangeError(e, target);
                return false;
            }
        }

        /// <summary>Writes one of the module's output objects, its dates and arrays flat for Export-Csv (<see cref="FlatOutput"/>).</summary>
        protected void WriteOutput(object output) => WriteObject(FlatOutput.Wrap(output));

        /// <summary>
        /// Runs a host prompt (ShouldProcess, ShouldContinue, PromptForChoice) for a host that may not be able to show it:
        /// a console without input (a scheduled job, cron, <c>pwsh -File x.ps1 &lt;/dev/null</c>) fails inside PowerShell's
        /// prompt with a NullReferenceException, -NonInteractive refuses it (PSInvalidOperationException), a host without
        /// a UI throws HostException or NotImplementedException. Returns the answer, or null when the host could not ask:
        /// the caller then changes nothing and writes its ErrorId (OverwriteConsentRequired, ConfirmationRequired). Once a
        /// prompt failed, the later prompts of the invocation are not tried again (they would fail the same way).
        /// </summary>
        private protected bool? TryPrompt(Func<bool> prompt)
        {
            if (_hostCannotPrompt) return null;
            try
            {
                return prompt();
            }
            catch (Exception e) when (e is NullReferenceException or InvalidOperationException or HostException or NotImplementedException)
            {
                _hostCannotPrompt = true;
                WriteVerbose($"The host could not show the prompt ({e.GetType().Name}: {e.Message}); nothing that needs an answer is changed.");
                return null;
            }
        }

        private bool _hostCannotPrompt;

        /// <summary>Writes narration to the Information stream (shown with -InformationAction Continue, kept in job logs).</summary>
        protected void WriteNarration(string message, params string[] tags)
        {
            var all = new string[(tags?.Length ?? 0) + 1];
            all[0] = "InactiveRestore";
            if (tags is not null) Array.Copy(tags, 0, all, 1, tags.Length);
            WriteInformation(message, all);
        }

        public void Dispose()
        {
            _cancellation.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
