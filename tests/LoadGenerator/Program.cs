using DaprChannels.LoadGenerator;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 64;
}

return await BenchRun.RunAsync(options);
