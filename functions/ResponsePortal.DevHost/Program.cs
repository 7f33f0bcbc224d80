using ResponsePortal.DevHost.Auth;
using ResponsePortal.DevHost.Hosting;
using ResponsePortal.DevHost.Local;
using ResponsePortal.DevHost.Replies;

// The local portal. "dotnet run --project functions/ResponsePortal.DevHost" starts everything;
// "... -- token usa" prints a demo persona's bearer token; "... -- site rebuild" (and more) manages the public site.
var dataDirectory = Path.Combine(RepoPaths.Root, ".devhost");
var port = 7071;
var loadDemo = true;
var startSmtp4dev = true;
string? storage = null;
var smtpPort = ResponsePortal.DevHost.Local.LocalSmtp4dev.DefaultSmtpPort;
var mailPort = ResponsePortal.DevHost.Local.LocalSmtp4dev.DefaultWebPort;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length:
            port = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--data" when i + 1 < args.Length:
            dataDirectory = Path.GetFullPath(args[++i]);
            break;
        case "--storage" when i + 1 < args.Length:
            storage = args[++i];
            break;
        case "--smtp-port" when i + 1 < args.Length:
            smtpPort = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--mail-port" when i + 1 < args.Length:
            mailPort = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--no-demo":
            loadDemo = false;
            break;
        case "--no-smtp4dev":
            startSmtp4dev = false;
            break;
        case "site":
            return await ResponsePortal.DevHost.Publication.SiteCommands.RunLocalAsync(args[(i + 1)..], dataDirectory, storage);
        case "intake":
            return await ResponsePortal.DevHost.Intake.IntakeCommands.RunLocalAsync(args[(i + 1)..], dataDirectory, storage);
        case "token" when i + 1 < args.Length:
            var persona = DevTokens.FindPersona(args[++i]);
            if (persona is null)
            {
                Console.Error.WriteLine("Unknown persona. Personas: " + string.Join(", ", DevTokens.Personas.Select(p => p.Key)));
                return 2;
            }
            Console.WriteLine(DevTokens.LoadOrCreate(dataDirectory).Issue(persona));
            return 0;
        case "verify-receipt" when i + 1 < args.Length:
            return ReceiptKeys.VerifyCommand(args[i + 1], i + 2 < args.Length ? args[i + 2] : null, dataDirectory);
        case "--help" or "-h":
            Console.WriteLine("Usage: DevHost [--port 7071] [--data DIR] [--smtp-port 2525] [--mail-port 5025] [--no-demo] [--no-smtp4dev] [--storage CONNECTION-STRING] | token PERSONA | verify-receipt RECEIPT.json [PUBLIC-KEY.pem] | site COMMAND (see: site --help) | intake put FOLDER (see: intake --help)");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Try --help.");
            return 2;
    }
}

Console.WriteLine("Starting ResponsePortal locally (storage on Azurite, data in " + dataDirectory + ") ...");
await using var host = await DevHostApp.StartAsync(new DevHostSettings { DataDirectory = dataDirectory, Port = port, LoadDemoCase = loadDemo, StorageConnectionString = storage, SmtpPort = smtpPort, MailWebPort = mailPort, StartSmtp4dev = startSmtp4dev });
var url = host.BaseUrl;
Console.WriteLine($"""

ResponsePortal is running.
  Portal pages      {url}/
  API               {url}/api/health
  Public site       {url}/site/
  Demo personas     {string.Join(", ", DevTokens.Personas.Select(p => p.Key))}
  Get a token       curl -s -X POST {url}/dev/token/usa
  Move the clock    curl -s -X POST "{url}/dev/clock/advance?days=46"
  Reminder mail     {host.MailUrl ?? "(smtp4dev not started)"}  (smtp4dev; API: {host.MailUrl}/api/messages)
Press Ctrl-C to stop everything this started.
""");
await host.App.WaitForShutdownAsync();
return 0;
