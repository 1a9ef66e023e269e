namespace DaprChannels.Dispatcher;

public static class Program
{
    public static void Main(string[] args)
    {
    }
}
