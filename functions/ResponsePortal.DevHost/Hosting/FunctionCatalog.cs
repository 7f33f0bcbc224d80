using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using ResponsePortal.Functions;

namespace ResponsePortal.DevHost.Hosting;

public enum TriggerKind
{
    Http,
    Timer,
    Queue,
    Blob,
}

/// <summary>One function of the Functions project, as its attributes declare it.</summary>
public sealed record FunctionDefinition(string Name, Type FunctionClass, MethodInfo Method, TriggerKind Trigger, ParameterInfo TriggerParameter)
{
    public HttpTriggerAttribute Http => TriggerParameter.GetCustomAttribute<HttpTriggerAttribute>()!;
    public TimerTriggerAttribute Timer => TriggerParameter.GetCustomAttribute<TimerTriggerAttribute>()!;
    public QueueTriggerAttribute Queue => TriggerParameter.GetCustomAttribute<QueueTriggerAttribute>()!;
    public BlobTriggerAttribute Blob => TriggerParameter.GetCustomAttribute<BlobTriggerAttribute>()!;

    /// <summary>The route the Functions host serves, with its default "api" prefix.</summary>
    public string HttpRoute => "api/" + (Http.Route ?? Name);

    public IReadOnlyList<string> HttpMethods => (Http.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToList();
}

/// <summary>Reads every [Function] of the Functions assembly, exactly as the Functions host would see them.</summary>
public static class FunctionCatalog
{
    public static Assembly FunctionsAssembly => typeof(HealthFunction).Assembly;

    public static IReadOnlyList<FunctionDefinition> All { get; } = Discover();

    private static List<FunctionDefinition> Discover()
    {
        var found = new List<FunctionDefinition>();
        foreach (var type in FunctionsAssembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }
                var (kind, parameter) = TriggerOf(method);
                found.Add(new FunctionDefinition(function.Name, type, method, kind, parameter));
            }
        }
        return found.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    private static (TriggerKind, ParameterInfo) TriggerOf(MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is not null) return (TriggerKind.Http, parameter);
            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is not null) return (TriggerKind.Timer, parameter);
            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is not null) return (TriggerKind.Queue, parameter);
            if (parameter.GetCustomAttribute<BlobTriggerAttribute>() is not null) return (TriggerKind.Blob, parameter);
        }
        throw new InvalidOperationException($"Function {method.DeclaringType?.Name}.{method.Name} has a trigger the DevHost does not know.");
    }
}
