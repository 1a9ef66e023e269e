namespace DaprChannels.Ingress;

public static class Program
{
    public static void Main(string[] args)
    {
    }
}
