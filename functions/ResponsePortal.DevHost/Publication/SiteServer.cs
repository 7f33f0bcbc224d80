using System.Globalization;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using ResponsePortal.Publication;

namespace ResponsePortal.DevHost.Publication;

/// <summary>
/// "site serve --dir DIR": serves a site folder (from <c>site export</c> or <c>site generate --out</c>) over HTTP as
/// the storage account's static website does: index.html for a folder, the root 404.html for anything missing,
/// the content types the publication writes. The DevHost's own <c>/site/</c> reads blobs one by one through
/// Azurite, a single Node process; a mirror, a large generated archive or a verifier's load needs a real server.
/// </summary>
public static class SiteServer
{
    public static WebApplication Build(string folder, int port)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"No site folder at {root}: create one with 'site export --out DIR' or 'site generate --out DIR'.");
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root, WebRootPath = root });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = ["index.html"] });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = new SiteContentTypeProvider(), ServeUnknownFileTypes = true });
        app.Run(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            var notFound = files.GetFileInfo("404.html");
            if (notFound.Exists)
            {
                context.Response.ContentType = SiteContentTypes.For("404.html");
                await context.Response.SendFileAsync(notFound);
            }
        });
        return app;
    }

    public static async Task<int> RunAsync(string folder, int port, TextWriter output, CancellationToken cancellationToken)
    {
        await using var app = Build(folder, port);
        await app.StartAsync(cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Serving {Path.GetFullPath(folder)} at http://127.0.0.1:{port}/ (Ctrl+C stops)."));
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>The same content type for a file as the publication gives its blob.</summary>
    private sealed class SiteContentTypeProvider : IContentTypeProvider
    {
        public bool TryGetContentType(string subpath, out string contentType)
        {
            contentType = SiteContentTypes.For(subpath.TrimStart('/'));
            return true;
        }
    }
}
