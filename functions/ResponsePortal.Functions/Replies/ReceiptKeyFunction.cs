using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Replies;

namespace ResponsePortal.Functions.Replies;

public sealed class ReceiptKeyFunction(ReceiptSigner signer)
{
    /// <summary>Anonymous on purpose: the public key is public material, so anyone can verify a receipt offline.</summary>
    [Function(nameof(GetReceiptPublicKey))]
    public IActionResult GetReceiptPublicKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "receipts/public-key")] HttpRequest req)
    {
        req.HttpContext.Response.Headers["X-Key-Id"] = signer.KeyId;
        return new ContentResult { Content = signer.PublicKeyPem + "\n", ContentType = "application/x-pem-file", StatusCode = 200 };
    }
}
