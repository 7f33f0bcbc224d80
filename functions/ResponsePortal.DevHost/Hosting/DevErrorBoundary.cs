using ResponsePortal.Functions.Http;

namespace ResponsePortal.DevHost.Hosting;

/// <summary>The DevHost's side of the Functions app's error boundary: the same <see cref="ErrorBoundary"/> around every route.</summary>
public static class DevErrorBoundary
{
    public static void UseErrorBoundary(this WebApplication app)
    {
        var boundary = app.Services.GetRequiredService<ErrorBoundary>();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex)
            {
                await boundary.TryAnswerAsync(context, ex, context.GetEndpoint()?.DisplayName ?? context.Request.Path.Value ?? "request");
            }
        });
    }
}
