using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Azure;
using Azure.Messaging.ServiceBus;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace ResponsePortal.Functions.Http;

/// <summary>
/// The one place that turns an exception nobody handled into an answer: storage or Service Bus out of reach is a
/// 503 with Retry-After, anything else a 500 with a correlation id. Both carry problem+json and never the exception;
/// the details go to the log under the same correlation id. The Functions app calls it from its worker middleware,
/// the DevHost from its request pipeline and its trigger runner, so both hosts answer a fault alike.
/// </summary>
public sealed class ErrorBoundary(ILogger<ErrorBoundary> logger)
{
    /// <summary>What a client is told to wait before trying again: longer than the SDK's own quick retry, short enough to feel live.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// True when the exception says a backing service (storage, Service Bus) could not be reached or answered that it
    /// is unavailable: a transport failure, a timeout, a 5xx from the service, or a transient Service Bus error.
    /// Such a failure passes by itself; anything else is a fault in the portal and stays a 500.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => Causes(exception).Any(IsUnavailableItself);

    private static bool IsUnavailableItself(Exception exception) => exception switch
    {
        // Status 0: no response at all (connection refused, reset, name not resolved); the SDK wraps the socket error.
        RequestFailedException failed => failed.Status is 0 or 408 or 500 or 502 or 503 or 504,
        ServiceBusException serviceBus => serviceBus.IsTransient || serviceBus.Reason is ServiceBusFailureReason.ServiceTimeout
            or ServiceBusFailureReason.ServiceBusy or ServiceBusFailureReason.ServiceCommunicationProblem,
        // HttpIOException: the connection ended or broke under a request, e.g. torn down as the SDK's network timeout fired.
        HttpRequestException or HttpIOException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The exception and every exception inside it: the SDK's retry policy wraps its attempts in an AggregateException.</summary>
    private static IEnumerable<Exception> Causes(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    /// <summary>
    /// Answers an HTTP request whose handler threw. Returns false when there is nobody to answer: the client went away,
    /// or part of the response was already sent (then the connection is cut, which the client sees as a failure).
    /// </summary>
    public async Task<bool> TryAnswerAsync(HttpContext http, Exception exception, string operation)
    {
        if (http.RequestAborted.IsCancellationRequested && exception is OperationCanceledException)
        {
            logger.LogInformation("{Operation} stopped: the client went away", operation);
            return false;
        }
        var correlationId = CorrelationId();
        var unavailable = IsUnavailable(exception);
        if (unavailable)
        {
            logger.LogWarning(exception, "{Operation} answered 503: a backing service is unavailable (correlation id {CorrelationId})", operation, correlationId);
        }
        else
        {
            logger.LogError(exception, "{Operation} failed unexpectedly (correlation id {CorrelationId})", operation, correlationId);
        }
        if (http.Response.HasStarted)
        {
            // Ending the response normally would pass a truncated body off as complete: cut the connection instead.
            http.Abort();
            return false;
        }
        var problem = unavailable
            ? new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = $"The portal's storage cannot be reached right now. Try again in {RetryAfter.TotalSeconds:N0} seconds.",
            }
            : new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Unexpected error",
                Detail = $"Something went wrong on our side. If it happens again, report the correlation id {correlationId}.",
            };
        problem.Type = "about:blank";
        problem.Instance = http.Request.Path.Value;
        problem.Extensions["correlationId"] = correlationId;

        http.Response.Clear();
        http.Response.StatusCode = problem.Status!.Value;
        http.Response.ContentType = "application/problem+json";
        http.Response.Headers.CacheControl = "no-store";
        if (unavailable)
        {
            http.Response.Headers.RetryAfter = RetryAfter.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        }
        await JsonSerializer.SerializeAsync(http.Response.Body, problem, HttpResults.Json, CancellationToken.None);
        return true;
    }

    /// <summary>Logs a failed timer, queue or blob invocation: an outage is a warning (it passes), anything else an error.</summary>
    public void LogBackgroundFailure(Exception exception, string operation)
    {
        if (IsUnavailable(exception))
        {
            logger.LogWarning(exception, "{Operation} could not reach storage or Service Bus; it runs again later", operation);
        }
        else
        {
            logger.LogError(exception, "{Operation} failed", operation);
        }
    }

    private static string CorrelationId() => Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");
}
