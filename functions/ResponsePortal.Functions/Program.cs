using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ResponsePortal.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigurePortal();
builder.Build().Run();
