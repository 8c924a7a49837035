using InvoiceScanner.CloudEngines.Textract;

namespace InvoiceScanner.FakeAws;

internal sealed partial class TextractEmulator
{
    /// <summary>One StartExpenseAnalysis job; its result is set once.</summary>
    private sealed class Job(string jobId, S3Object document, string? jobTag, string topicArn, DateTimeOffset startedAt)
    {
        private readonly Lock _gate = new();
        private IReadOnlyList<ExpenseDocument> _documents = [];
        private IReadOnlyList<Warning>? _warnings;
        private int _pages;
        private string? _message;

        public string JobId { get; } = jobId;
        public S3Object Document { get; } = document;
        public string? JobTag { get; } = jobTag;
        public string TopicArn { get; } = topicArn;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public DateTimeOffset? FinishedAt { get; private set; }
        public string Status { get; private set; } = TextractJobStatus.InProgress;

        public void Succeed(IReadOnlyList<ExpenseDocument> documents, int pages, IReadOnlyList<Warning>? warnings, DateTimeOffset at)
        {
            lock (_gate)
            {
                (_documents, _pages, _warnings) = (documents, pages, warnings);
                FinishedAt = at;
                Status = TextractJobStatus.Succeeded;
            }
        }

        public void Fail(string message, DateTimeOffset at)
        {
            lock (_gate)
            {
                _message = message;
                FinishedAt = at;
                Status = TextractJobStatus.Failed;
            }
        }

        public (string Status, IReadOnlyList<ExpenseDocument> Documents, int Pages, IReadOnlyList<Warning>? Warnings, string? Message) Snapshot()
        {
            lock (_gate)
                return (Status, _documents, _pages, _warnings, _message);
        }
    }
}
