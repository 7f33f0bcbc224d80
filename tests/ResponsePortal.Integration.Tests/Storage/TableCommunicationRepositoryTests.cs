using Azure.Data.Tables;
using ResponsePortal.Azure.Storage;
using ResponsePortal.Communications;
using ResponsePortal.Deadlines;
using ResponsePortal.Documents;
using ResponsePortal.Integration.Tests.Harness;

namespace ResponsePortal.Integration.Tests.Storage;

public sealed class TableCommunicationRepositoryTests : PortalHarness
{
    private static readonly TimeZoneInfo Geneva = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    private static Communication Letter(string code, int number, string addressee, string sentOn = "2021-01-25") => new()
    {
        Reference = new Reference(CommunicationType.AL, code, number, 2021),
        AddresseeId = addressee,
        Subject = "Subject " + number,
        Summary = "Summary",
        Mandates = ["Mandate A", "Mandate B"],
        Window = ReplyWindow.Compute(DateOnly.Parse(sentOn), 60, Geneva),
        Letter = new StoredDocument($"al-{code.ToLowerInvariant()}-{number}-2021/letter/l.pdf", "l.pdf", "application/pdf", 10, new string('a', 64)),
        RegisteredAt = Start,
        RegisteredBy = "officer",
    };

    [Fact]
    public async Task Added_communication_reads_back_the_same_from_its_partition_and_by_slug()
    {
        var repository = Get<ICommunicationRepository>();
        var letter = Letter("USA", 2, "USA");

        Assert.True(await repository.TryAddAsync(letter, default));
        var bySlug = await repository.FindAsync("al-usa-2-2021", default);
        var inPartition = await repository.FindForAddresseeAsync("USA", "al-usa-2-2021", default);

        Assert.NotNull(bySlug);
        Assert.Equal(letter.Reference, bySlug!.Reference);
        Assert.Equal(letter.Window, bySlug.Window);
        Assert.Equal(letter.Mandates, bySlug.Mandates);
        Assert.Equal(letter.Letter, bySlug.Letter);
        Assert.Equal(letter.Slug, inPartition!.Slug);
    }

    [Fact]
    public async Task Another_addressees_partition_does_not_hold_the_letter()
    {
        var repository = Get<ICommunicationRepository>();
        await repository.TryAddAsync(Letter("USA", 2, "USA"), default);

        Assert.Null(await repository.FindForAddresseeAsync("ROU", "al-usa-2-2021", default));
    }

    [Fact]
    public async Task Second_registration_of_a_reference_is_refused_and_leaves_one_row()
    {
        var repository = Get<ICommunicationRepository>();
        Assert.True(await repository.TryAddAsync(Letter("USA", 2, "USA"), default));

        Assert.False(await repository.TryAddAsync(Letter("USA", 2, "USA"), default));

        var rows = Get<TableServiceClient>().GetTableClient(StorageNames.CommunicationsTable).Query<TableEntity>().ToList();
        Assert.Single(rows);
    }

    [Fact]
    public async Task Deadline_index_answers_a_date_range_without_other_days()
    {
        var repository = Get<ICommunicationRepository>();
        await repository.TryAddAsync(Letter("USA", 1, "USA", "2021-01-10"), default); // closes 2021-03-11
        await repository.TryAddAsync(Letter("USA", 2, "USA", "2021-01-25"), default); // closes 2021-03-26
        await repository.TryAddAsync(Letter("USA", 3, "USA", "2021-02-20"), default); // closes 2021-04-21

        var due = await repository.ListClosingBetweenAsync(new DateTimeOffset(2021, 3, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2021, 4, 1, 0, 0, 0, TimeSpan.Zero), default);

        Assert.Equal(["al-usa-2-2021"], due.Select(d => d.Slug));
        Assert.Equal(new DateTimeOffset(2021, 3, 26, 22, 59, 59, 999, TimeSpan.Zero), due[0].ClosesAt);
    }

    [Fact]
    public async Task Update_from_a_stale_copy_is_refused()
    {
        var repository = Get<ICommunicationRepository>();
        await repository.TryAddAsync(Letter("USA", 2, "USA"), default);
        var first = (await repository.FindAsync("al-usa-2-2021", default))!;
        var second = (await repository.FindAsync("al-usa-2-2021", default))!;

        first.RecordReply(Start.AddDays(1));
        Assert.True(await repository.TryUpdateAsync(first, default));
        second.RecordReply(Start.AddDays(2));
        Assert.False(await repository.TryUpdateAsync(second, default));

        var stored = (await repository.FindAsync("al-usa-2-2021", default))!;
        Assert.Equal(1, stored.ReplyCount);
        Assert.Equal(Start.AddDays(1), stored.FirstReplyAt);
    }

    [Fact]
    public async Task Addressee_list_reads_only_its_partition()
    {
        var repository = Get<ICommunicationRepository>();
        await repository.TryAddAsync(Letter("USA", 2, "USA"), default);
        await repository.TryAddAsync(Letter("ROU", 1, "ROU"), default);

        var usa = await repository.ListForAddresseeAsync("USA", default);

        Assert.Equal(["al-usa-2-2021"], usa.Select(c => c.Slug));
    }
}
