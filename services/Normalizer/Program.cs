namespace DaprChannels.Normalizer;

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddNormalizer();
        var app = builder.Build();
        app.MapNormalizer();
        app.Run();
    }
}
