using BenchmarkDotNet.Running;
using DaprChannels.Benchmarks;

if (args.Length > 0 && args[0] == "wal-stall")
{
    return WalStallMeasurement.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
