namespace DaprChannels.Channels.Tests;

public class MessageRendererTests
{
    private static readonly ChannelCapabilities TextOnly = new();

    [Fact]
    public void Buttons_beyond_max_buttons_become_numbered_text()
    {
        var capabilities = new ChannelCapabilities(Buttons: true, MaxButtons: 3);
        var choice = new InteractiveContent("Pick a size", InteractiveStyle.Buttons,
            [new InteractiveSection(null, [new("s", "Small"), new("m", "Medium"), new("l", "Large"), new("xl", "Extra large")])]);

        var rendered = MessageRenderer.Render(choice, capabilities);

        rendered.Degradations.Should().Equal("interactive->text");
        rendered.Content.Should().BeOfType<TextContent>().Which.Text.Should().Be("Pick a size\n\n1. Small\n2. Medium\n3. Large\n4. Extra large");
    }

    [Fact]
    public void Buttons_within_the_limit_pass_through()
    {
        var choice = new InteractiveContent("Pick", InteractiveStyle.Buttons, [new InteractiveSection(null, [new("a", "A"), new("b", "B")])]);

        var rendered = MessageRenderer.Render(choice, new ChannelCapabilities(Buttons: true, MaxButtons: 3));

        rendered.Content.Should().BeSameAs(choice);
        rendered.Degradations.Should().BeEmpty();
    }

    [Fact]
    public void Media_without_the_capability_becomes_caption_and_link()
    {
        var rendered = MessageRenderer.Render(new MediaContent(MediaKind.Image, Url: "https://cdn.example.com/p.jpg", Caption: "Our store"), TextOnly);

        rendered.Degradations.Should().Equal("media->text");
        rendered.Content.Should().Be(new TextContent("Our store\nhttps://cdn.example.com/p.jpg"));
    }

    [Fact]
    public void Media_by_id_needs_the_by_id_capability()
    {
        var capabilities = new ChannelCapabilities(Media: true, MediaById: false);

        var rendered = MessageRenderer.Render(new MediaContent(MediaKind.Document, MediaId: "abc", FileName: "a.pdf"), capabilities);

        rendered.Degradations.Should().Equal("media->text");
        rendered.Content.Should().Be(new TextContent("[document: a.pdf]"));
    }

    [Fact]
    public void Location_without_the_capability_becomes_a_map_link()
    {
        var rendered = MessageRenderer.Render(new LocationContent(-23.5614, -46.6558, "MASP"), TextOnly);

        rendered.Degradations.Should().Equal("location->text");
        rendered.Content.Should().Be(new TextContent("MASP\nhttps://maps.google.com/?q=-23.5614,-46.6558"));
    }

    [Fact]
    public void Truncation_never_cuts_a_surrogate_pair()
    {
        var text = new string('a', 8) + "😀" + "tail";

        var rendered = MessageRenderer.Render(new TextContent(text), new ChannelCapabilities(MaxTextLength: 10));

        rendered.Degradations.Should().Equal("truncated");
        var result = ((TextContent)rendered.Content).Text;
        result.Should().Be(new string('a', 8) + "…");
        result.Length.Should().BeLessThanOrEqualTo(10);
    }

    [Fact]
    public void Text_at_the_limit_is_untouched()
    {
        var rendered = MessageRenderer.Render(new TextContent("0123456789"), new ChannelCapabilities(MaxTextLength: 10));

        rendered.Degradations.Should().BeEmpty();
        rendered.Content.Should().Be(new TextContent("0123456789"));
    }
}
