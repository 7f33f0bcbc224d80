namespace ResponsePortal.DevHost.Local;

/// <summary>
/// The host's own options, <c>--storage CONNECTION-STRING</c> and <c>--data DIR</c>, taken out of a command's
/// arguments wherever they stand (before or after the command, as the host takes them); the rest is the command's.
/// </summary>
public static class HostArguments
{
    public static List<string> Split(string[] args, ref string dataDirectory, ref string? storage)
    {
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--storage" when i + 1 < args.Length:
                    storage = args[++i];
                    break;
                case "--data" when i + 1 < args.Length:
                    dataDirectory = Path.GetFullPath(args[++i]);
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }
        return rest;
    }
}
