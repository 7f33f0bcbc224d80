using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using NCrontab;
using Polly;
using Polly.Retry;
using ResponsePortal.Functions.Http;

namespace ResponsePortal.DevHost.Hosting;

/// <summary>
/// Runs timer, queue and blob functions the way the Functions host does: timers on their NCRONTAB schedules,
/// queues polled with the host's poison handling (after maxDequeueCount attempts the message moves to
/// "{queue}-poison"), and new blobs matching a blob trigger's path, each blob version once.
/// A pass that fails (storage away) is logged and tried again with a bounded exponential back-off, so the loop
/// outlives any outage and picks up again within <see cref="MaxBackOff"/> of storage coming back.
/// </summary>
public sealed class TriggerRunner(IServiceProvider services, IConfiguration configuration, QueueServiceClient queues, BlobServiceClient blobs, TableServiceClient tables,
    ErrorBoundary boundary, ILogger<TriggerRunner> logger)
    : BackgroundService
{
    public const int MaxDequeueCount = 5;
    public const string BlobReceiptsTable = "DevHostBlobReceipts";

    /// <summary>The longest wait between two failed passes: storage that comes back is in use again within it.</summary>
    public static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _running = new();
    private int _failedPasses;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A timer's schedule as the Functions host reads it: six-field NCRONTAB ("sec min hour day month day-of-week"), in
    /// UTC, by NCrontab, the library the host itself uses (ADR 0803). A five-field expression is refused, as the host does.
    /// </summary>
    public static CrontabSchedule Schedule(string expression)
        => CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    /// <summary>The first time the schedule fires strictly after the given instant.</summary>
    public static DateTimeOffset NextAfter(CrontabSchedule schedule, DateTimeOffset after)
        => new(DateTime.SpecifyKind(schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timers = FunctionCatalog.All.Where(f => f.Trigger == TriggerKind.Timer)
            .Select(f => (Function: f, Schedule: Schedule(Resolve(f.Timer.Schedule))))
            .ToList();
        var next = timers.ToDictionary(t => t.Function.Name, t => NextAfter(t.Schedule, TimeProvider.System.GetUtcNow()));
        var recovery = RecoveryPipeline();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await recovery.ExecuteAsync(async token =>
                {
                    var now = TimeProvider.System.GetUtcNow();
                    foreach (var (function, schedule) in timers)
                    {
                        if (now >= next[function.Name])
                        {
                            next[function.Name] = NextAfter(schedule, now);
                            await RunTimerAsync(function.Name, token);
                        }
                    }
                    await PollQueuesOnceAsync(token);
                    await PollBlobsOnceAsync(token);
                }, stoppingToken);
                if (_failedPasses > 0)
                {
                    logger.LogInformation("Trigger runner recovered after {Failures} failed pass(es)", _failedPasses);
                    _failedPasses = 0;
                }
                await Task.Delay(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Retries a failed pass for as long as it fails, waiting 0.5 s, 1 s, 2 s … at most <see cref="MaxBackOff"/> (with jitter).</summary>
    private ResiliencePipeline RecoveryPipeline() => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                && !(ex is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = MaxBackOff,
            OnRetry = args =>
            {
                _failedPasses = args.AttemptNumber + 1;
                boundary.LogBackgroundFailure(args.Outcome.Exception!, "DevHost trigger runner");
                logger.LogInformation("Trigger runner pass failed {Failures} time(s) in a row; next try in {Delay}", _failedPasses, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    /// <summary>Runs one timer function now (after the dev clock moved, or on a person's request).</summary>
    public async Task<bool> RunTimerAsync(string name, CancellationToken cancellationToken)
    {
        var function = FunctionCatalog.All.FirstOrDefault(f => f.Trigger == TriggerKind.Timer && string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        if (function is null)
        {
            return false;
        }
        await OneAtATimeAsync(function.Name, async () =>
        {
            try
            {
                await InvokeAsync(function, p => p.ParameterType == typeof(TimerInfo) ? new TimerInfo() : null, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Like the Functions host: a failed tick is logged and the timer keeps its schedule.
                boundary.LogBackgroundFailure(ex, "Timer function " + function.Name);
            }
        });
        return true;
    }

    public async Task RunAllTimersAsync(CancellationToken cancellationToken)
    {
        foreach (var function in FunctionCatalog.All.Where(f => f.Trigger == TriggerKind.Timer))
        {
            await RunTimerAsync(function.Name, cancellationToken);
        }
    }

    public async Task PollQueuesOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var function in FunctionCatalog.All.Where(f => f.Trigger == TriggerKind.Queue))
        {
            await OneAtATimeAsync(function.Name, () => DrainQueueAsync(function, cancellationToken));
        }
    }

    private async Task DrainQueueAsync(FunctionDefinition function, CancellationToken cancellationToken)
    {
        var queueName = Resolve(function.Queue.QueueName);
        var queue = queues.GetQueueClient(queueName);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            var messages = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(60), cancellationToken)).Value;
            if (messages.Length == 0)
            {
                return;
            }
            foreach (var message in messages)
            {
                var body = message.Body.ToString();
                try
                {
                    await InvokeAsync(function, p => BindQueueParameter(p, function, body, message), cancellationToken);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    if (message.DequeueCount >= MaxDequeueCount)
                    {
                        logger.LogError(ex, "Queue function {Function} failed {Count} times; message {MessageId} moved to {Queue}-poison", function.Name, message.DequeueCount, message.MessageId, queueName);
                        var poison = queues.GetQueueClient(queueName + "-poison");
                        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                        await poison.SendMessageAsync(body, cancellationToken);
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    }
                    else
                    {
                        logger.LogWarning(ex, "Queue function {Function} failed on attempt {Count}; the message will be retried", function.Name, message.DequeueCount);
                        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
                    }
                }
            }
        }
    }

    private static object? BindQueueParameter(ParameterInfo parameter, FunctionDefinition function, string body, global::Azure.Storage.Queues.Models.QueueMessage message)
    {
        if (parameter == function.TriggerParameter)
        {
            if (parameter.ParameterType == typeof(string)) return body;
            if (parameter.ParameterType == typeof(BinaryData)) return BinaryData.FromString(body);
            if (parameter.ParameterType == typeof(byte[])) return System.Text.Encoding.UTF8.GetBytes(body);
            return JsonSerializer.Deserialize(body, parameter.ParameterType, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        return parameter.Name switch
        {
            "dequeueCount" when parameter.ParameterType == typeof(long) => message.DequeueCount,
            "id" when parameter.ParameterType == typeof(string) => message.MessageId,
            _ => null,
        };
    }

    public async Task PollBlobsOnceAsync(CancellationToken cancellationToken)
    {
        var blobFunctions = FunctionCatalog.All.Where(f => f.Trigger == TriggerKind.Blob).ToList();
        if (blobFunctions.Count == 0)
        {
            return;
        }
        var receipts = tables.GetTableClient(BlobReceiptsTable);
        await receipts.CreateIfNotExistsAsync(cancellationToken);
        foreach (var function in blobFunctions)
        {
            await OneAtATimeAsync(function.Name, () => ScanBlobsAsync(function, receipts, cancellationToken));
        }
    }

    private async Task ScanBlobsAsync(FunctionDefinition function, TableClient receipts, CancellationToken cancellationToken)
    {
        var path = Resolve(function.Blob.BlobPath);
        var slash = path.IndexOf('/');
        var container = blobs.GetBlobContainerClient(path[..slash]);
        if (!await container.ExistsAsync(cancellationToken))
        {
            return;
        }
        var (pattern, names) = BlobPattern(path[(slash + 1)..]);
        await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            var match = pattern.Match(item.Name);
            if (!match.Success)
            {
                continue;
            }
            var receiptKey = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{function.Name}|{container.Name}/{item.Name}")));
            var etag = item.Properties.ETag?.ToString() ?? "";
            var receipt = await receipts.GetEntityIfExistsAsync<TableEntity>(function.Name, receiptKey, cancellationToken: cancellationToken);
            if (receipt.HasValue && (receipt.Value!.GetString("ETag") == etag || receipt.Value.GetInt32("Failures") >= MaxDequeueCount))
            {
                continue;
            }
            var entity = new TableEntity(function.Name, receiptKey) { ["Blob"] = item.Name, ["ETag"] = etag, ["Failures"] = 0 };
            try
            {
                var blob = container.GetBlobClient(item.Name);
                await using var content = await blob.OpenReadAsync(cancellationToken: cancellationToken);
                await InvokeAsync(function, p =>
                {
                    if (p == function.TriggerParameter)
                    {
                        if (p.ParameterType == typeof(Stream)) return content;
                        if (p.ParameterType == typeof(BlobClient)) return blob;
                        if (p.ParameterType == typeof(string)) return new StreamReader(content).ReadToEnd();
                    }
                    return p.ParameterType == typeof(string) && names.Contains(p.Name!) ? match.Groups[p.Name!].Value : null;
                }, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var failures = (receipt.HasValue && receipt.Value!.GetString("ETag") == etag ? receipt.Value.GetInt32("Failures") ?? 0 : 0) + 1;
                logger.LogError(ex, "Blob function {Function} failed on {Blob} (attempt {Attempt})", function.Name, item.Name, failures);
                entity["Failures"] = failures;
                entity["ETag"] = failures >= MaxDequeueCount ? etag : "";
            }
            await receipts.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
    }

    private static (Regex Pattern, HashSet<string> Names) BlobPattern(string path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var regex = Regex.Replace(Regex.Escape(path), @"\\\{(\w+)}", m =>
        {
            names.Add(m.Groups[1].Value);
            return $"(?<{m.Groups[1].Value}>[^/]+)";
        });
        return (new Regex("^" + regex + "$"), names);
    }

    private async Task InvokeAsync(FunctionDefinition function, Func<ParameterInfo, object?> bind, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await FunctionInvoker.InvokeAsync(scope.ServiceProvider, function, p => p.ParameterType == typeof(CancellationToken) ? cancellationToken : bind(p));
    }

    private async Task OneAtATimeAsync(string name, Func<Task> work)
    {
        var gate = _running.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            await work();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Resolves "%Setting%" app-setting expressions like the Functions host.</summary>
    private string Resolve(string value)
        => Regex.Replace(value, "%([^%]+)%", m => configuration[m.Groups[1].Value.Replace("__", ":")] ?? throw new InvalidOperationException($"App setting {m.Groups[1].Value} is not set."));
}
