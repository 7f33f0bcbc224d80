using System.Text;
using System.Text.Json.Nodes;
using ResponsePortal.Replies;

namespace ResponsePortal.Core.Tests.Replies;

public sealed class ReceiptVerifierTests
{
    private static readonly string KeyPem = ReceiptSigner.NewKeyPem();

    private static ReceiptPayload Payload() => new(
        ReceiptPayload.CurrentVersion, "rcpt-0001", "0001", "AL USA 2/2021", "al-usa-2-2021", "USA", "United States of America",
        "dev-usa-officer", "2021-03-01T10:00:00.000Z", "2021-03-01T11:00:00.000+01:00 Europe/Zurich", "2021-03-26T22:59:59.999Z",
        true, 0, [new ReceiptFile("réponse.pdf", 1234, "application/pdf", new string('a', 64))], null);

    [Fact]
    public void A_signed_receipt_verifies_with_the_public_key()
    {
        using var signer = new ReceiptSigner(KeyPem);
        var json = signer.Sign(Payload()).ToJson();

        var check = ReceiptVerifier.Verify(json, signer.PublicKeyPem);

        Assert.True(check.Valid, check.Explanation);
    }

    [Fact]
    public void Reformatting_the_receipt_file_does_not_break_verification()
    {
        using var signer = new ReceiptSigner(KeyPem);
        var node = JsonNode.Parse(signer.Sign(Payload()).ToJson())!;

        var compact = node.ToJsonString();

        Assert.True(ReceiptVerifier.Verify(compact, signer.PublicKeyPem).Valid);
    }

    [Fact]
    public void Changing_any_single_letter_or_digit_of_the_receipt_breaks_verification()
    {
        using var signer = new ReceiptSigner(KeyPem);
        var text = signer.Sign(Payload()).ToJson();
        var bytes = Encoding.UTF8.GetBytes(text);
        int start = text.IndexOf("\"receipt\"", StringComparison.Ordinal), end = text.IndexOf("\"keyId\"", StringComparison.Ordinal);
        var signatureValue = text.IndexOf("\"value\"", StringComparison.Ordinal);
        var stillValid = new List<int>();
        int tried = 0;

        // Every letter and digit of the receipt (names and values) and of the signature value, changed one at a time.
        foreach (var i in Enumerable.Range(start, end - start).Concat(Enumerable.Range(signatureValue, bytes.Length - signatureValue)))
        {
            if (!char.IsAsciiLetterOrDigit((char)bytes[i]))
            {
                continue;
            }
            var changed = (byte[])bytes.Clone();
            changed[i] = (byte)(bytes[i] == (byte)'1' ? '2' : '1');
            tried++;
            if (ReceiptVerifier.Verify(Encoding.UTF8.GetString(changed), signer.PublicKeyPem).Valid)
            {
                stillValid.Add(i);
            }
        }

        Assert.True(tried > 500, $"only {tried} bytes tried");
        Assert.True(stillValid.Count == 0, "Still valid after changing byte(s) at " + string.Join(", ", stillValid));
    }

    [Fact]
    public void A_changed_file_hash_is_reported_as_a_changed_receipt()
    {
        using var signer = new ReceiptSigner(KeyPem);
        var json = signer.Sign(Payload()).ToJson().Replace(new string('a', 64), "b" + new string('a', 63), StringComparison.Ordinal);

        var check = ReceiptVerifier.Verify(json, signer.PublicKeyPem);

        Assert.False(check.Valid);
        Assert.Contains("changed", check.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_receipt_does_not_verify_with_another_key()
    {
        using var signer = new ReceiptSigner(KeyPem);
        using var other = new ReceiptSigner(ReceiptSigner.NewKeyPem());

        var check = ReceiptVerifier.Verify(signer.Sign(Payload()).ToJson(), other.PublicKeyPem);

        Assert.False(check.Valid);
        Assert.Contains("public key", check.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_is_not_p256_is_refused()
    {
        using var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);

        Assert.Throws<InvalidOperationException>(() => new ReceiptSigner(p384.ExportPkcs8PrivateKeyPem()));
    }
}
