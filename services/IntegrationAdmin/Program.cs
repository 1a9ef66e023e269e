namespace DaprChannels.IntegrationAdmin;

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddIntegrationAdmin();
        var app = builder.Build();
        app.MapIntegrationAdmin();
        app.Run();
    }
}
