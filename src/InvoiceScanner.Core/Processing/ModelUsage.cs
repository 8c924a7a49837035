namespace InvoiceScanner.Core.Processing;

/// <summary>Tokens a language model read and wrote while one record was structured (what the cost metrics price).</summary>
public sealed record ModelUsage(int InputTokens, int OutputTokens);

/// <summary>
/// Counts the model tokens of the record being structured. A refiner reports through a callback fixed when the function
/// starts, so the record in flight is found through the async flow of <see cref="MeasureAsync{T}"/> rather than a
/// field: records measured at the same time keep their own counts.
/// </summary>
public sealed class ModelUsageMeter
{
    private readonly AsyncLocal<Tally?> _current = new();

    /// <summary>Adds one model call's tokens to the measurement in flight; outside one they are dropped.</summary>
    public void Record(int inputTokens, int outputTokens) => _current.Value?.Add(inputTokens, outputTokens);

    /// <summary>Runs <paramref name="work"/> and returns what it returned with the tokens recorded meanwhile (null: none).</summary>
    public async Task<(T Value, ModelUsage? Usage)> MeasureAsync<T>(Func<Task<T>> work)
    {
        // Set inside this async method, so the caller's flow never sees it and a nested flow writes into this tally.
        var tally = new Tally();
        _current.Value = tally;
        var value = await work().ConfigureAwait(false);
        return (value, tally.Usage);
    }

    private sealed class Tally
    {
        private readonly Lock _gate = new();
        private ModelUsage? _usage;

        public ModelUsage? Usage
        {
            get
            {
                lock (_gate)
                    return _usage;
            }
        }

        public void Add(int inputTokens, int outputTokens)
        {
            lock (_gate)
                _usage = _usage is null
                    ? new ModelUsage(inputTokens, outputTokens)
                    : new ModelUsage(_usage.InputTokens + inputTokens, _usage.OutputTokens + outputTokens);
        }
    }
}
