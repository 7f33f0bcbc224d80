using System.Security.Cryptography;
using Azure.Storage.Blobs;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Documents;
using ResponsePortal.Integration.Tests.Harness;

namespace ResponsePortal.Integration.Tests.Storage;

public sealed class BlobDocumentStoreTests : PortalHarness
{
    private BlobContainerClient Letters => Get<BlobServiceClient>().GetBlobContainerClient(StorageNames.LettersContainer);

    [Fact]
    public async Task Stored_document_has_its_hash_in_metadata_and_reads_back_byte_for_byte()
    {
        var bytes = RandomNumberGenerator.GetBytes(BlobDocumentStore.BlockSize * 2 + 12345);
        var store = Get<IDocumentStore>();

        var stored = await store.StoreAsync("x/letter/a.pdf", "a.pdf", "application/pdf", new MemoryStream(bytes), default);

        Assert.Equal(bytes.Length, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        var properties = (await Letters.GetBlobClient("x/letter/a.pdf").GetPropertiesAsync()).Value;
        Assert.Equal(stored.Sha256, properties.Metadata["sha256"]);
        Assert.Equal("application/pdf", properties.ContentType);
        await using var read = (await store.OpenReadAsync("x/letter/a.pdf", default))!;
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Documents_are_write_once()
    {
        var store = Get<IDocumentStore>();
        await store.StoreAsync("x/letter/a.txt", "a.txt", "text/plain", new MemoryStream("first"u8.ToArray()), default);

        await Assert.ThrowsAsync<DocumentAlreadyExistsException>(() => store.StoreAsync("x/letter/a.txt", "a.txt", "text/plain", new MemoryStream("second"u8.ToArray()), default));

        var content = (await Letters.GetBlobClient("x/letter/a.txt").DownloadContentAsync()).Value.Content.ToString();
        Assert.Equal("first", content);
    }

    [Fact]
    public async Task Upload_that_fails_midway_leaves_no_visible_blob()
    {
        var store = Get<IDocumentStore>();
        var failing = new FailingStream(BlobDocumentStore.BlockSize + 10);

        await Assert.ThrowsAsync<IOException>(() => store.StoreAsync("x/letter/broken.pdf", "broken.pdf", "application/pdf", failing, default));

        Assert.False(await Letters.GetBlobClient("x/letter/broken.pdf").ExistsAsync());
        Assert.Empty(Letters.GetBlobs().ToList());
    }

    private sealed class FailingStream(int failAfter) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter)
            {
                throw new IOException("The client went away.");
            }
            int n = Math.Min(count, failAfter - _position);
            Array.Fill(buffer, (byte)'x', offset, n);
            _position += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
