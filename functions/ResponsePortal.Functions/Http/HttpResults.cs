using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ResponsePortal.Common;

namespace ResponsePortal.Functions.Http;

/// <summary>Maps use-case results to HTTP: values as JSON, problems as RFC 9457 problem+json.</summary>
public static class HttpResults
{
    public static readonly JsonSerializerOptions Json = CreateJsonOptions();

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            // The rules of docs/validation.md: an unknown or repeated field is refused (a typo must not pass
            // silently), and a number must be a JSON number, not a string holding one.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            AllowDuplicateProperties = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }

    public static IActionResult Problem(Problem problem, HttpRequest? request = null)
    {
        var details = new ProblemDetails
        {
            Status = problem.Status,
            Title = problem.Title,
            Detail = problem.Detail,
            Type = "about:blank",
            Instance = request?.Path.Value,
        };
        if (problem.Errors is { Count: > 0 } errors)
        {
            details.Extensions["errors"] = errors;
        }
        return new JsonResult(details, Json) { StatusCode = problem.Status, ContentType = "application/problem+json" };
    }

    public static IActionResult Ok<T>(T value) => new JsonResult(value, Json) { StatusCode = 200 };

    public static IActionResult Created<T>(string location, T value) => new JsonResult(value, Json) { StatusCode = 201 }.WithLocation(location);

    public static IActionResult From<T>(Outcome<T> outcome, HttpRequest request, Func<T, object>? shape = null)
        => outcome.Succeeded ? Ok(shape is null ? outcome.Value! : shape(outcome.Value!)) : Problem(outcome.Problem!, request);

    private static IActionResult WithLocation(this JsonResult result, string location) => new LocatedJsonResult(result, location);

    private sealed class LocatedJsonResult(JsonResult inner, string location) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            context.HttpContext.Response.Headers.Location = location;
            return inner.ExecuteResultAsync(context);
        }
    }
}

/// <summary>Reads request bodies, turning every malformed input into a problem instead of an exception.</summary>
public static class RequestReader
{
    public const long MaxJsonBytes = 1024 * 1024;

    public static async Task<(T? Value, Problem? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new Problem(415, "Unsupported media type", "Send the body as application/json."));
        }
        if (request.ContentLength > MaxJsonBytes)
        {
            return (null, Common.Problem.TooLarge($"A JSON body is at most {MaxJsonBytes:N0} bytes."));
        }
        var body = new MemoryStream();
        try
        {
            await new ResponsePortal.Replies.LimitedStream(request.Body, MaxJsonBytes).CopyToAsync(body, cancellationToken);
        }
        catch (ResponsePortal.Replies.UploadLimitExceededException)
        {
            return (null, Common.Problem.TooLarge($"A JSON body is at most {MaxJsonBytes:N0} bytes."));
        }
        catch (IOException ex)
        {
            return (null, Common.Problem.Invalid("The request body ended early: " + ex.Message));
        }
        return ParseJson<T>(body.GetBuffer().AsSpan(0, (int)body.Length), "body");
    }

    /// <summary>Parses UTF-8 JSON with the API's rules; invalid UTF-8 is refused, never replaced.</summary>
    public static (T? Value, Problem? Problem) ParseJson<T>(ReadOnlySpan<byte> json, string what) where T : class
    {
        if (StrictUtf8.Refusal(json, what) is { } encoding)
        {
            return (null, Common.Problem.Invalid(encoding));
        }
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, HttpResults.Json);
            return value is null ? (null, Common.Problem.Invalid($"The {what} is empty; send a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Common.Problem.Invalid($"The {what} is not valid JSON for this request: {ex.Message}"));
        }
    }
}
