using ResponsePortal.Replies;

namespace ResponsePortal.DevHost.Replies;

/// <summary>The local receipt-signing key: kept in the data folder so receipts stay verifiable across restarts.</summary>
public static class ReceiptKeys
{
    public const string FileName = "receipt-signing-key.pem";
    public const string PublicFileName = "receipt-public-key.pem";

    public static string LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }
        Directory.CreateDirectory(dataDirectory);
        var pem = ReceiptSigner.NewKeyPem();
        File.WriteAllText(path, pem);
        using var signer = new ReceiptSigner(pem);
        File.WriteAllText(Path.Combine(dataDirectory, PublicFileName), signer.PublicKeyPem + "\n");
        return pem;
    }

    /// <summary>"verify-receipt receipt.json [public-key.pem]": checks a receipt offline; exit code 0 when valid, 1 when not.</summary>
    public static int VerifyCommand(string receiptPath, string? publicKeyPath, string dataDirectory)
    {
        if (!File.Exists(receiptPath))
        {
            Console.Error.WriteLine($"No receipt file at {receiptPath}.");
            return 2;
        }
        string publicKeyPem;
        if (publicKeyPath is not null)
        {
            if (!File.Exists(publicKeyPath))
            {
                Console.Error.WriteLine($"No public key file at {publicKeyPath}. Download it from /api/receipts/public-key.");
                return 2;
            }
            publicKeyPem = File.ReadAllText(publicKeyPath);
        }
        else
        {
            var local = Path.Combine(dataDirectory, FileName);
            if (!File.Exists(local))
            {
                Console.Error.WriteLine("Give the public key file (download it from /api/receipts/public-key); there is no local DevHost key in " + dataDirectory + ".");
                return 2;
            }
            using var signer = new ReceiptSigner(File.ReadAllText(local));
            publicKeyPem = signer.PublicKeyPem;
        }
        var check = ReceiptVerifier.Verify(File.ReadAllText(receiptPath), publicKeyPem);
        (check.Valid ? Console.Out : Console.Error).WriteLine(check.Explanation);
        return check.Valid ? 0 : 1;
    }
}
