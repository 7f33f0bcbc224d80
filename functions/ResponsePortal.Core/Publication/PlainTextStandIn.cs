using System.Text;
using ResponsePortal.Documents.Text;

namespace ResponsePortal.Publication;

/// <summary>
/// STAND-IN until extraction at publication lands (feature/pagetext, issue 14 part 1): fills
/// <see cref="PublishedFile.Text"/> of plain-text documents only, as paragraphs split at blank lines, so the
/// full-text index can be built and measured on this branch. At merge it is deleted with its two call sites in
/// <see cref="SiteBuilder"/>; the extractor gives plain text the same blocks.
/// </summary>
internal static class PlainTextStandIn
{
    public static async Task<PublishedRecord> WithTextAsync(PublicationInput input, PublishedRecord record, IPublicationFileSource files, CancellationToken cancellationToken)
    {
        var (letter, _) = PublishedRecordFactory.PublicLetter(input.Communication);
        var withLetter = record.Letter with { Text = record.Letter.Text ?? await TextAsync(record.Letter, () => files.ReadLetterAsync(letter, cancellationToken)) };
        var replies = new List<PublishedReply>(record.Replies.Count);
        foreach (var reply in record.Replies)
        {
            var source = input.Replies.First(r => r.Id == reply.Id);
            var published = new List<PublishedFile>(reply.Files.Count);
            foreach (var file in reply.Files)
            {
                var stored = source.Files.First(f => PublishedRecordFactory.FilePath(record.Slug, f.Sha256, f.FileName) == file.Path);
                published.Add(file with { Text = file.Text ?? await TextAsync(file, () => files.ReadReplyFileAsync(stored, cancellationToken)) });
            }
            replies.Add(reply with { Files = published });
        }
        return record with { Letter = withLetter, Replies = replies };
    }

    private static async Task<DocumentText?> TextAsync(PublishedFile file, Func<Task<byte[]>> read)
    {
        if (!file.ContentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var text = Encoding.UTF8.GetString(await read()).Replace("\r\n", "\n");
        var blocks = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => new TextBlock(TextBlockKind.Paragraph, PublicText.Clean(p.ReplaceLineEndings(" ")))).ToList();
        return new DocumentText(blocks.Count == 0 ? TextOutcome.NoText : TextOutcome.Extracted, blocks);
    }
}
