using ResponsePortal.Replies;

namespace ResponsePortal.Core.Tests.Replies;

public sealed class LimitedStreamTests
{
    [Fact]
    public async Task A_stream_exactly_at_the_limit_reads_through()
    {
        var limited = new LimitedStream(new MemoryStream(new byte[100]), 100);

        var copy = new MemoryStream();
        await limited.CopyToAsync(copy);

        Assert.Equal(100, copy.Length);
    }

    [Fact]
    public async Task One_byte_over_the_limit_throws()
    {
        var limited = new LimitedStream(new MemoryStream(new byte[101]), 100);

        await Assert.ThrowsAsync<UploadLimitExceededException>(() => limited.CopyToAsync(Stream.Null));
    }
}
