using ResponsePortal.Publication;

namespace ResponsePortal.Core.Tests.Publication;

public sealed class PipelinedSiteOutputTests
{
    [Fact]
    public async Task Writes_return_before_their_upload_ends_and_complete_waits_for_every_one()
    {
        var gate = new TaskCompletionSource();
        var target = new GatedOutput(gate.Task);
        var uploads = new PipelinedSiteOutput(target, concurrency: 4);

        for (int i = 0; i < 3; i++)
        {
            await uploads.WriteAsync($"p{i}.html", new byte[] { 1 }, "text/html", default);
        }
        var completed = uploads.CompleteAsync(default);

        Assert.False(completed.IsCompleted);
        Assert.Empty(target.Written);
        gate.SetResult();
        await completed;
        Assert.Equal(3, target.Written.Count);
    }

    [Fact]
    public async Task No_more_than_the_bound_is_in_flight()
    {
        var gate = new TaskCompletionSource();
        var target = new GatedOutput(gate.Task);
        var uploads = new PipelinedSiteOutput(target, concurrency: 2);
        await uploads.WriteAsync("a.html", new byte[] { 1 }, "text/html", default);
        await uploads.WriteAsync("b.html", new byte[] { 1 }, "text/html", default);

        var third = uploads.WriteAsync("c.html", new byte[] { 1 }, "text/html", default);

        Assert.False(third.IsCompleted);
        gate.SetResult();
        await third;
        await uploads.CompleteAsync(default);
        Assert.Equal(3, target.Written.Count);
    }

    [Fact]
    public async Task A_failed_upload_fails_the_build_at_completion()
    {
        var uploads = new PipelinedSiteOutput(new GatedOutput(Task.FromException(new IOException("storage away"))), concurrency: 2);
        await uploads.WriteAsync("a.html", new byte[] { 1 }, "text/html", default);

        var error = await Assert.ThrowsAsync<IOException>(() => uploads.CompleteAsync(default));
        Assert.Equal("storage away", error.Message);
    }

    private sealed class GatedOutput(Task gate) : ISiteOutput
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Written { get; } = [];

        public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
        {
            await gate;
            Written.Add(path);
        }

        public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);
        public Task DeleteAsync(string path, CancellationToken cancellationToken) => Task.CompletedTask;
        public IAsyncEnumerable<string> ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
