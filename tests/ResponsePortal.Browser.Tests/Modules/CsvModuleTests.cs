using System.Text.Json;
using ResponsePortal.Browser.Tests.Harness;

namespace ResponsePortal.Browser.Tests.Modules;

/// <summary>web/js/csv.js, run in the browser: RFC 4180 quoting and cells a spreadsheet would run as formulas.</summary>
public sealed class CsvModuleTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private async Task<string> ToCsvAsync(string rowsJson)
    {
        await using var tab = await portal.OpenAsync(nameof(CsvModuleTests));
        await tab.GotoAsync("/");
        return await tab.Page.EvaluateAsync<string>($$"""
            async () => {
              const { toCsv } = await import('/js/csv.js');
              return toCsv(['a', 'b'], {{rowsJson}});
            }
            """);
    }

    [Fact]
    public async Task Commas_quotes_and_line_breaks_are_quoted_and_quotes_doubled()
    {
        var csv = await ToCsvAsync("""[["Doe, Jane", "She said \"no\""], ["two\nlines", "plain"]]""");

        Assert.Equal("a,b\r\n\"Doe, Jane\",\"She said \"\"no\"\"\"\r\n\"two\nlines\",plain\r\n", csv);
    }

    [Fact]
    public async Task Text_that_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe_and_numbers_stay_numbers()
    {
        var csv = await ToCsvAsync("""[["=HYPERLINK(\"http://evil\")", "+1"], ["-2+3", "@SUM(A1)"], [-4, "\tx"], [null, "a=b"]]""");

        Assert.Equal(
            "a,b\r\n\"'=HYPERLINK(\"\"http://evil\"\")\",'+1\r\n'-2+3,'@SUM(A1)\r\n-4,'\tx\r\n,a=b\r\n", csv);
    }
}
