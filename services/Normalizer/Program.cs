namespace DaprChannels.Normalizer;

public static class Program
{
    public static void Main(string[] args)
    {
    }
}
