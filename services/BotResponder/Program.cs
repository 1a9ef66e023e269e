namespace DaprChannels.BotResponder;

public static class Program
{
    public static void Main(string[] args)
    {
    }
}
