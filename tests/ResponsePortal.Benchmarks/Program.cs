using ResponsePortal.Benchmarks.Replies;

// One command per benchmark: "dotnet run -c Release --project tests/ResponsePortal.Benchmarks -- replies [--size-mb 500] [--files 5] [--runs 3]"
if (args.Length == 0 || args[0] is "--help" or "-h")
{
    Console.WriteLine("Usage: ResponsePortal.Benchmarks replies [--size-mb 500] [--files 5] [--runs 3]");
    return args.Length == 0 ? 2 : 0;
}
return args[0] switch
{
    "replies" => await ReplyUploadBenchmark.RunAsync(args[1..]),
    _ => Fail($"Unknown benchmark '{args[0]}'. Benchmarks: replies"),
};

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
