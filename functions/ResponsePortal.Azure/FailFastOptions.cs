using System.ComponentModel.DataAnnotations;
using Azure.Core;
using Azure.Messaging.ServiceBus;

namespace ResponsePortal.Azure;

/// <summary>
/// How long a request waits for storage or Service Bus before the portal says 503: one quick retry, short network
/// timeouts. The SDK defaults (three retries from 0.8 s, 100 s timeouts) kept a client waiting 5.5 s for a refused
/// connection and minutes for a silent one. Background work retries on its own schedule, so nothing is lost by
/// giving up early here. App settings <c>FailFast__*</c>; the reasons for the numbers are in docs/adr/0003.
/// </summary>
public sealed class FailFastOptions
{
    public const string Section = "FailFast";

    /// <summary>Retries after the first attempt: one absorbs a dropped connection or a single 503 from the service.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; init; } = 1;

    /// <summary>The wait before the first retry (exponential with jitter after it, at most <see cref="MaxRetryDelay"/>).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One table or queue operation; they take milliseconds when storage is healthy.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>One blob operation: a staged block of a reply is megabytes, so it gets longer than a table operation.</summary>
    public TimeSpan BlobNetworkTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>One Service Bus operation (its TryTimeout).</summary>
    public TimeSpan ServiceBusTryTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public T Apply<T>(T options, TimeSpan networkTimeout) where T : ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = RetryDelay;
        options.Retry.MaxDelay = MaxRetryDelay;
        options.Retry.NetworkTimeout = networkTimeout;
        return options;
    }

    public ServiceBusClientOptions ServiceBus() => new()
    {
        RetryOptions = new ServiceBusRetryOptions
        {
            Mode = ServiceBusRetryMode.Exponential,
            MaxRetries = MaxRetries,
            Delay = RetryDelay,
            MaxDelay = MaxRetryDelay,
            TryTimeout = ServiceBusTryTimeout,
        },
    };
}
