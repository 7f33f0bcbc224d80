using ResponsePortal.DevHost.Demo;
using ResponsePortal.Documents;
using ResponsePortal.Documents.Text;

namespace ResponsePortal.Integration.Tests.Demo;

/// <summary>The demo letters are real Word documents whose text the public site can show and search (issue 14).</summary>
public sealed class DemoLetterTests
{
    public static TheoryData<int> Letters => new() { 0, 1, 2, 3 };

    [Theory]
    [MemberData(nameof(Letters))]
    public void Each_demo_letter_is_a_word_document_with_headings_paragraphs_and_numbered_questions(int index)
    {
        var letter = DemoCase.Letters[index];

        var bytes = DemoLetter.Docx(letter.Reference, letter.Name, letter.Kind == Addressees.AddresseeKind.Company, letter.Placeholder);

        Assert.Equal(DocumentFormat.Docx, DocumentSniffer.Identify(bytes.AsSpan(0, Math.Min(bytes.Length, DocumentFormat.HeadLength)), out _));
        var text = new TextExtractor().Extract(bytes, DocumentFormat.Docx);
        Assert.Equal(TextOutcome.Extracted, text.Outcome);
        Assert.StartsWith("DEMONSTRATION DOCUMENT", text.Blocks[0].Text, StringComparison.Ordinal);
        Assert.Contains(text.Blocks, b => b.Kind == TextBlockKind.Heading && b.Text == "Questions");
        Assert.True(text.Blocks.Count(b => b.Kind == TextBlockKind.ListItem) >= 5, "the questions are a numbered list");
        Assert.True(text.Blocks.Count(b => b.Kind == TextBlockKind.Paragraph) >= 10, "several paragraphs");
        Assert.Contains(text.Blocks, b => b.Text.Contains("Instagram", StringComparison.Ordinal));
        Assert.Contains(text.Blocks, b => b.Text == "Reference: " + letter.Reference);
        Assert.Equal(letter.Placeholder, text.Blocks.Any(b => b.Text.Contains("is a placeholder", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_company_is_asked_about_its_own_diligence_and_the_states_about_investigations()
    {
        var company = new TextExtractor().Extract(DemoLetter.Docx("AL OTH 1/2021", "Facebook (Meta Platforms, Inc.)", isCompany: true, placeholder: true), DocumentFormat.Docx);
        var state = new TextExtractor().Extract(DemoLetter.Docx("AL USA 2/2021", "United States of America", isCompany: false, placeholder: false), DocumentFormat.Docx);

        Assert.Contains(company.Blocks, b => b.Kind == TextBlockKind.ListItem && b.Text.Contains("due diligence", StringComparison.Ordinal));
        Assert.Contains(state.Blocks, b => b.Kind == TextBlockKind.ListItem && b.Text.Contains("investigations opened", StringComparison.Ordinal));
        Assert.Contains(state.Blocks, b => b.Text == "Excellency,");
    }
}
