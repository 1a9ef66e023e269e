namespace DaprChannels.Ingress;

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddIngress();
        var app = builder.Build();
        app.MapIngress();
        app.Run();
    }
}
