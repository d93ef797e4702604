using System.Threading.Channels;

namespace KeyKeeper.Silo.Storage;

/// <summary>
/// Group commit: the rows that arrive while one write runs are written together by the next, in
/// one statement and one transaction. Every caller waits for the commit that holds its row, so
/// nothing a caller was told is stored can be lost; under load a row costs a fraction of a
/// statement instead of one each.
/// </summary>
public abstract class GroupCommit<TRow> : IAsyncDisposable
{
    /// <summary>Rows written by one statement at most.</summary>
    public const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    protected GroupCommit() => _writer = Task.Run(WriteAsync);

    /// <summary>Completes once the row is committed; fails with the batch's failure.</summary>
    public Task AddAsync(TRow row)
    {
        var pending = new Pending(row, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending) ? pending.Committed.Task : Task.FromException(new ObjectDisposedException(GetType().Name));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes the rows in one statement (its own transaction).</summary>
    protected abstract Task WriteBatchAsync(IReadOnlyList<TRow> rows);

    private async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await WriteBatchAsync([.. batch.Select(pending => pending.Row)]);
                batch.ForEach(pending => pending.Committed.TrySetResult());
            }
            catch (Exception e)
            {
                batch.ForEach(pending => pending.Committed.TrySetException(e));
            }

            batch.Clear();
        }
    }

    private sealed record Pending(TRow Row, TaskCompletionSource Committed);
}
