using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace ResponsePortal.DevHost.Hosting;

/// <summary>Calls a function method the way the Functions host would: a fresh instance from DI, arguments by binding.</summary>
public static class FunctionInvoker
{
    public static async Task<object?> InvokeAsync(IServiceProvider services, FunctionDefinition function, Func<ParameterInfo, object?> bind)
    {
        var instance = function.Method.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(services, function.FunctionClass);
        var arguments = function.Method.GetParameters().Select(bind).ToArray();
        object? result;
        try
        {
            result = function.Method.Invoke(instance, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
        if (result is Task task)
        {
            await task;
            var resultProperty = task.GetType().GetProperty("Result");
            return resultProperty?.PropertyType.Name == "VoidTaskResult" ? null : resultProperty?.GetValue(task);
        }
        return result;
    }

    /// <summary>Maps every HTTP function to the same route and methods the Functions host serves.</summary>
    public static void MapHttpFunctions(this WebApplication app)
    {
        foreach (var function in FunctionCatalog.All.Where(f => f.Trigger == TriggerKind.Http))
        {
            app.MapMethods("/" + function.HttpRoute, function.HttpMethods, async context =>
            {
                var cancellationToken = context.RequestAborted;
                var result = await InvokeAsync(context.RequestServices, function, parameter =>
                {
                    if (parameter.ParameterType == typeof(HttpRequest)) return context.Request;
                    if (parameter.ParameterType == typeof(CancellationToken)) return cancellationToken;
                    if (parameter.ParameterType == typeof(string) && context.GetRouteValue(parameter.Name!) is { } value) return value.ToString();
                    return parameter.HasDefaultValue ? parameter.DefaultValue : null;
                });
                if (result is IActionResult actionResult)
                {
                    await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                }
            }).WithName(function.Name);
        }
    }
}
