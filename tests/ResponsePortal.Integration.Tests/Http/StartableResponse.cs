using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ResponsePortal.Integration.Tests.Http;

/// <summary>A DefaultHttpContext whose response runs its OnStarting callbacks when told to start, as a server does.</summary>
internal sealed class StartableResponse : HttpResponseFeature
{
    private readonly List<(Func<object, Task> Callback, object State)> _starting = [];

    public static (HttpContext Http, StartableResponse Response) NewContext()
    {
        var http = new DefaultHttpContext();
        var response = new StartableResponse();
        http.Features.Set<IHttpResponseFeature>(response);
        http.Response.Body = new MemoryStream();
        return (http, response);
    }

    public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

    /// <summary>Runs the callbacks last registered first, as Kestrel does.</summary>
    public async Task StartAsync()
    {
        for (var i = _starting.Count - 1; i >= 0; i--)
        {
            await _starting[i].Callback(_starting[i].State);
        }
    }
}
