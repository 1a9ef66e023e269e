using DaprChannels.BotResponder.Bots;
using DaprChannels.Contracts.Messages;
using DaprChannels.Dispatcher.Sending;

namespace DaprChannels.Services.Tests;

public sealed class StatusAndBotTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Delivered)]
    [InlineData(DeliveryStatus.Read, DeliveryStatus.Delivered, DeliveryStatus.Read)]
    [InlineData(DeliveryStatus.Delivered, DeliveryStatus.Sent, DeliveryStatus.Delivered)]
    [InlineData(DeliveryStatus.Failed, DeliveryStatus.Read, DeliveryStatus.Failed)]
    [InlineData(DeliveryStatus.Read, DeliveryStatus.Failed, DeliveryStatus.Failed)]
    public void Statuses_only_move_forward_and_a_failure_is_final(DeliveryStatus current, DeliveryStatus incoming, DeliveryStatus expected)
    {
        var record = new MessageStatusRecord("m", current, T0, current == DeliveryStatus.Failed ? "131047" : null, null);
        record.Advance(new MessageStatusRecord("m", incoming, T0.AddSeconds(1), incoming == DeliveryStatus.Failed ? "131026" : null, null))
            .Status.Should().Be(expected);
    }

    [Fact]
    public void A_failure_keeps_the_platforms_error_code()
    {
        var sent = new MessageStatusRecord("m", DeliveryStatus.Sent, T0, null, null);
        var failed = sent.Advance(new MessageStatusRecord("m", DeliveryStatus.Failed, T0.AddSeconds(1), "131026", "Message undeliverable"));
        failed.ErrorCode.Should().Be("131026");
        failed.Advance(new MessageStatusRecord("m", DeliveryStatus.Read, T0.AddSeconds(2), null, null)).Should().BeSameAs(failed);
    }

    [Theory]
    [InlineData("hello", "Hello! I'm the DaprChannels demo bot. Write 'help' to see what I can do.")]
    [InlineData("Well HELLO there", "Hello! I'm the DaprChannels demo bot. Write 'help' to see what I can do.")]
    [InlineData("othello", "You said: othello")]
    [InlineData("help me", "I answer 'hello', show a 'menu' with buttons, and echo anything else you write.")]
    public async Task The_demo_rules_match_whole_words_and_echo_the_rest(string text, string reply)
    {
        var replies = await new RulesBot().ReplyAsync(Request(new TextContent(text), BotSettings.Default), CancellationToken.None);
        replies.Should().Equal(new TextContent(reply));
    }

    [Fact]
    public async Task Configured_rules_and_fallback_replace_the_demo()
    {
        var settings = new BotSettings(Rules: [new BotRule("price", "It costs 10 €.")], Fallback: "Sorry, I did not get '{text}'.");
        var bot = new RulesBot();

        (await bot.ReplyAsync(Request(new TextContent("What is the price?"), settings), default)).Should().Equal(new TextContent("It costs 10 €."));
        (await bot.ReplyAsync(Request(new TextContent("hello"), settings), default)).Should().Equal(new TextContent("Sorry, I did not get 'hello'."));
        (await bot.ReplyAsync(Request(new TextContent("menu"), settings), default)).Should().Equal(new TextContent("Sorry, I did not get 'menu'."));
    }

    [Fact]
    public async Task The_demo_menu_offers_buttons_and_a_click_is_answered()
    {
        var bot = new RulesBot();
        var menu = (await bot.ReplyAsync(Request(new TextContent("menu"), BotSettings.Default), default)).Single();
        menu.Should().BeOfType<InteractiveContent>().Which.Sections.Single().Options.Select(o => o.Id).Should().Contain("help");

        var click = await bot.ReplyAsync(Request(new InteractiveReplyContent("help", "Help"), BotSettings.Default), default);
        click.Should().Equal(new TextContent("I answer 'hello', show a 'menu' with buttons, and echo anything else you write."));
    }

    private static BotRequest Request(MessageContent content, BotSettings settings) => new(
        new InboundMessageReceived("in_1", T0, "tn", "int", Platforms.Telegram, "conv", "ct",
            new CanonicalMessage("1:1", new ContactRef("1"), "1", content, T0)),
        settings,
        new Dictionary<string, string>());
}
