extern alias OpenXml;
using OpenXml::DocumentFormat.OpenXml;
using OpenXml::DocumentFormat.OpenXml.Packaging;
using OpenXml::DocumentFormat.OpenXml.Wordprocessing;
using WordText = OpenXml::DocumentFormat.OpenXml.Wordprocessing.Text;

namespace ResponsePortal.DevHost.Demo;

/// <summary>
/// The demo case's letters as Word documents, written for this project in the style of a joint allegation letter:
/// the facts as reported, the concerns, the questions, the closing. Fictional demo text: only AL USA 2/2021 is a real
/// reference, and every letter says it is a demonstration. Generated in code so the repository needs no binary files.
/// </summary>
public static class DemoLetter
{
    public static byte[] Docx(string reference, string addresseeName, bool isCompany, bool placeholder)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            AddNumbering(main);
            var body = new Body();
            foreach (var (kind, text) in Blocks(reference, addresseeName, isCompany, placeholder))
            {
                body.Append(Paragraph(kind, text));
            }
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private enum Kind
    {
        Title,
        Heading,
        Paragraph,
        Question,
    }

    private static IEnumerable<(Kind Kind, string Text)> Blocks(string reference, string addresseeName, bool isCompany, bool placeholder)
    {
        yield return (Kind.Paragraph, "DEMONSTRATION DOCUMENT - ResponsePortal demo data, not an official text. The events, names and figures below are written for the demo.");
        if (placeholder)
        {
            yield return (Kind.Paragraph, $"The reference {reference} is a placeholder: the real number of this letter is not in the source document.");
        }
        yield return (Kind.Title, "Mandates of the Working Group on discrimination against women and girls; the Special Rapporteur on the sale and sexual exploitation of children; the Special Rapporteur on trafficking in persons, especially women and children; and the Special Rapporteur on violence against women, its causes and consequences");
        yield return (Kind.Paragraph, $"Reference: {reference}");
        yield return (Kind.Paragraph, "25 January 2021");
        yield return (Kind.Paragraph, isCompany ? $"To the management of {addresseeName}," : "Excellency,");
        yield return (Kind.Paragraph, (isCompany
            ? "We have the honour to write to you"
            : "We have the honour to address you") +
            " in our capacities as Working Group on discrimination against women and girls; Special Rapporteur on the sale and sexual exploitation of children; Special Rapporteur on trafficking in persons, especially women and children; and Special Rapporteur on violence against women, its causes and consequences, pursuant to Human Rights Council resolutions.");
        yield return (Kind.Paragraph, "In this connection, we would like to bring to your attention information we have received concerning sexualised images of girls, some as young as twelve, that were posted on anonymous Instagram accounts and circulated in group chats without their knowledge or consent.");

        yield return (Kind.Heading, "Information received");
        yield return (Kind.Paragraph, "According to the information received, from the spring of 2020 several anonymous accounts on the Instagram platform published photographs of schoolgirls, most of them from small towns in Romania. Some of the images had been taken from the girls' own profiles and altered; others had been obtained by deception from the girls themselves, by adults posing as boys of their age.");
        yield return (Kind.Paragraph, "The accounts reportedly gathered tens of thousands of followers. Links to them were shared in private group chats, where the images were exchanged, commented on and, in some cases, offered in return for payment. Messages seen by the sources show that users in several countries, including the United States of America and the United Kingdom, took part in these exchanges.");
        yield return (Kind.Paragraph, "The girls and their families reportedly learned of the accounts from classmates. Several of them reported the accounts to the platform through its reporting tools. According to the sources, most reports received an automated answer stating that the content did not breach the platform's rules, and the accounts remained online for weeks. When an account was removed, a new one with a similar name appeared within days.");
        yield return (Kind.Paragraph, "Complaints were also filed with the police. It is alleged that the victims were asked to describe the images repeatedly, sometimes in the presence of strangers, that no psychological support was offered, and that the investigations made little progress because the authorities did not obtain the data needed to identify the holders of the accounts.");
        yield return (Kind.Paragraph, "The sources report that some of the girls stopped going to school, and that at least two of them harmed themselves. Their families fear that the images remain available and will follow the girls into adulthood.");

        yield return (Kind.Heading, "Concerns");
        yield return (Kind.Paragraph, "Without prejudging the accuracy of these allegations, we express our grave concern at the sexual exploitation of girls through the creation and distribution of abuse images online, at the apparent delays in removing such content, and at the lack of an effective, child-sensitive response by the authorities and by the company concerned.");
        yield return (Kind.Paragraph, "We are further concerned that the girls were not treated as victims from the first contact, that they were exposed to secondary victimisation during the proceedings, and that the cross-border nature of the platform was allowed to stand in the way of investigation and redress.");
        yield return (Kind.Paragraph, isCompany
            ? "We recall that, under the Guiding Principles on Business and Human Rights, business enterprises should avoid causing or contributing to adverse human rights impacts through their own activities, and should seek to prevent or mitigate such impacts directly linked to their services, including through effective and timely grievance mechanisms."
            : "We recall the obligations of your Government under the Convention on the Rights of the Child and its Optional Protocol on the sale of children, child prostitution and child pornography, to prevent, criminalise, investigate and punish the sexual exploitation of children, to protect child victims at every stage of proceedings, and to cooperate across borders to these ends.");

        yield return (Kind.Heading, "Questions");
        yield return (Kind.Paragraph, "In view of the urgency of the matter, we would appreciate a response on the following points:");
        var questions = isCompany
            ? new[]
            {
                "Please provide any additional information and any comment you may have on the above-mentioned allegations.",
                "Please explain how reports of sexual images of children submitted through the Instagram reporting tools are assessed, by whom, and within what time, and why the reports described above were rejected.",
                "Please describe the measures taken to prevent removed accounts from reappearing under new names, and to detect known abuse images before they are shared again.",
                "Please indicate whether the content and the data of the accounts concerned were preserved and reported to the competent authorities, and in which countries.",
                "Please describe the human rights due diligence carried out on the risks that your services pose to children, and the remedies offered to the girls concerned.",
            }
            : new[]
            {
                "Please provide any additional information and any comment you may have on the above-mentioned allegations.",
                "Please provide information on the investigations opened into the creation and distribution of these images, including requests made to the company and to other States to identify those responsible.",
                "Please indicate the measures taken to ensure that the girls are treated as victims, heard in a child-sensitive way and given psychological, medical and legal support free of charge.",
                "Please describe the legal obligations of online platforms in your country to remove sexual images of children and to report them, and how these obligations are enforced.",
                "Please explain what cooperation exists with other States and with the company to have the images removed wherever they are hosted.",
            };
        foreach (var question in questions)
        {
            yield return (Kind.Question, question);
        }

        yield return (Kind.Paragraph, "We would appreciate receiving a response within 60 days. Past this delay, this communication and any response received will be made public via the communications reporting website. They will also subsequently be made available in the usual report to be presented to the Human Rights Council.");
        yield return (Kind.Paragraph, "While awaiting a reply, we urge that all necessary interim measures be taken to have the images removed, to protect the girls concerned, and to prevent the recurrence of such acts.");
        yield return (Kind.Paragraph, isCompany
            ? "Please accept the assurances of our highest consideration."
            : "Please accept, Excellency, the assurances of our highest consideration.");
        yield return (Kind.Paragraph, "Demo signatories, on behalf of the four mandates (fictional names are not used in this demonstration).");
    }

    private static Paragraph Paragraph(Kind kind, string text)
    {
        var properties = new ParagraphProperties();
        switch (kind)
        {
            case Kind.Title:
                properties.Append(new ParagraphStyleId { Val = "Title" });
                break;
            case Kind.Heading:
                properties.Append(new ParagraphStyleId { Val = "Heading1" });
                break;
            case Kind.Question:
                properties.Append(new ParagraphStyleId { Val = "ListParagraph" }, new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 }));
                break;
        }
        return new Paragraph(properties, new Run(new WordText(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    /// <summary>The three styles the letter names, so Word shows the title and headings as such.</summary>
    private static void AddStyles(MainDocumentPart main)
    {
        static Style Named(string id, string name, int halfPoints) => new(
            new StyleName { Val = name },
            new BasedOn { Val = "Normal" },
            new PrimaryStyle(),
            new StyleParagraphProperties(new SpacingBetweenLines { Before = "240", After = "120" }),
            new StyleRunProperties(new Bold(), new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        { Type = StyleValues.Paragraph, StyleId = id };

        var normal = new Style(new StyleName { Val = "Normal" }, new PrimaryStyle(), new StyleParagraphProperties(new SpacingBetweenLines { After = "160" }))
        { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true };
        var list = new Style(new StyleName { Val = "List Paragraph" }, new BasedOn { Val = "Normal" }, new StyleParagraphProperties(new Indentation { Left = "720" }))
        { Type = StyleValues.Paragraph, StyleId = "ListParagraph" };
        main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(normal, Named("Title", "Title", 28), Named("Heading1", "heading 1", 26), list);
    }

    /// <summary>One numbered list (1., 2., …) for the questions.</summary>
    private static void AddNumbering(MainDocumentPart main)
    {
        var level = new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.Decimal }, new LevelText { Val = "%1." },
            new LevelJustification { Val = LevelJustificationValues.Left }, new PreviousParagraphProperties(new Indentation { Left = "720", Hanging = "360" }))
        { LevelIndex = 0 };
        main.AddNewPart<NumberingDefinitionsPart>().Numbering = new Numbering(
            new AbstractNum(level) { AbstractNumberId = 1 },
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 });
    }
}
