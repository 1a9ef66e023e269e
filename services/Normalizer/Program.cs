using DaprChannels.ServiceDefaults;

namespace DaprChannels.Normalizer;

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults(NormalizerExtensions.AppId);
        builder.AddNormalizer();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapNormalizer();
        app.Run();
    }
}
