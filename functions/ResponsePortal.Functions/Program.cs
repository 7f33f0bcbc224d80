using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResponsePortal.Azure;
using ResponsePortal.Functions.Http;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ErrorBoundaryMiddleware>();
builder.Services.AddResponsePortal(builder.Configuration);
builder.Services.AddSingleton<ErrorBoundary>();
builder.Build().Run();
