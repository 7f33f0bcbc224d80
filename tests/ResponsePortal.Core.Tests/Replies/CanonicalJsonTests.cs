using System.Text;
using System.Text.Json.Nodes;
using ResponsePortal.Replies;

namespace ResponsePortal.Core.Tests.Replies;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Members_are_sorted_and_whitespace_is_dropped()
    {
        var node = JsonNode.Parse("""{ "b": 1, "a": { "d": [true, null, "x"], "c": "é" } }""");

        var canonical = Encoding.UTF8.GetString(CanonicalJson.Bytes(node));

        Assert.Equal("""{"a":{"c":"é","d":[true,null,"x"]},"b":1}""", canonical);
    }

    [Fact]
    public void Fractional_numbers_are_refused()
    {
        Assert.Throws<System.Text.Json.JsonException>(() => CanonicalJson.Bytes(JsonNode.Parse("""{"a":1.5}""")));
    }
}
