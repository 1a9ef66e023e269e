namespace DaprChannels.Channels.Tests.Harness;

/// <summary>
/// What every platform's sender must do, written once: a rate limit is transient and carries its Retry-After,
/// refused credentials mean re-authorize, a platform that does not answer is transient, a degradation is recorded,
/// and the credential never reaches a result, an exception or a log. A platform's subclass says how its
/// simulated API gives each answer.
/// </summary>
public abstract class SenderContract<TAdapter, TSimulator>
    where TAdapter : class, IInboundChannel, IOutboundChannel, IChannelLifecycle, IConversationActions
    where TSimulator : IAsyncDisposable
{
    /// <summary>What must never leave the adapter: the token or key, or its secret part.</summary>
    protected abstract string Secret { get; }

    /// <summary>The error code the adapter reports for the platform's 429.</summary>
    protected abstract string TooManyRequestsCode { get; }

    /// <summary>The error code the adapter reports for refused credentials.</summary>
    protected abstract string UnauthorizedCode { get; }

    /// <summary>The reason the adapter reports once the credential is gone, where the platform words it.</summary>
    protected virtual string? RevokedReason => null;

    /// <param name="baseUrl">Overrides the simulator's address (to aim at a closed port).</param>
    protected abstract Task<ChannelHarness<TAdapter, TSimulator>> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null);

    /// <summary>The next send is answered 429 with a Retry-After of <paramref name="seconds"/>, in the platform's shape.</summary>
    protected abstract void AnswerNextSendTooManyRequests(TSimulator simulator, int seconds);

    /// <summary>The next send is refused for its credentials, as for an expired token.</summary>
    protected abstract void RefuseNextSendCredentials(TSimulator simulator);

    /// <summary>The credential stops being valid for good, as when it is revoked or regenerated.</summary>
    protected abstract void RevokeCredentials(ChannelHarness<TAdapter, TSimulator> harness);

    /// <summary>The next send is answered only after <paramref name="delay"/>.</summary>
    protected abstract void AnswerNextSendAfter(TSimulator simulator, TimeSpan delay);

    /// <summary>The text of the last message the platform received.</summary>
    protected abstract string? LastSentText(TSimulator simulator);

    /// <summary>
    /// Scripts failures for the next sends, at least one of them an error text quoting the secret where the
    /// platform can, and says what each send must come back as; the send after them succeeds.
    /// </summary>
    protected abstract IReadOnlyList<SendStatus> FailSendsAroundTheSecret(TSimulator simulator);

    /// <summary>Which result's reason quoted the secret and must show it masked, if any did.</summary>
    protected virtual int? MaskedReasonAt => null;

    /// <summary>Whether the credential test is tried after the failed sends, with its read refused.</summary>
    protected virtual bool TestsCredentialsAfterFailures => false;

    /// <summary>Scripts the credential test's read to be refused.</summary>
    protected virtual void RefuseNextCredentialTest(TSimulator simulator)
    {
    }

    /// <summary>What the refused credential test reports, beyond keeping the secret out.</summary>
    protected virtual void AssertRefusedCredentialTest(CredentialTestResult test)
    {
    }

    /// <summary>What the credential test reports once the credential is revoked, beyond failing without the secret.</summary>
    protected abstract void AssertRevokedCredentialTest(CredentialTestResult test);

    /// <summary>How each call the platform received carried the credential: in a header, never in a URL.</summary>
    protected abstract void AssertCallsCarriedTheSecretOnlyWhereTheyMust(ChannelHarness<TAdapter, TSimulator> harness);

    [Fact]
    public async Task Too_many_requests_is_transient_with_its_retry_after()
    {
        await using var harness = await StartAsync();
        AnswerNextSendTooManyRequests(harness.Simulator, 17);

        var result = await harness.SendAsync(new TextContent("hello"));

        result.Status.Should().Be(SendStatus.Transient);
        result.ErrorCode.Should().Be(TooManyRequestsCode);
        result.RetryAfter.Should().Be(TimeSpan.FromSeconds(17));
    }

    [Fact]
    public async Task Refused_or_revoked_credentials_are_unauthorized()
    {
        await using var harness = await StartAsync();
        RefuseNextSendCredentials(harness.Simulator);

        var refused = await harness.SendAsync(new TextContent("a"));
        RevokeCredentials(harness);
        var revoked = await harness.SendAsync(new TextContent("b"));

        refused.Should().Match<SendResult>(r => r.Status == SendStatus.Unauthorized && r.ErrorCode == UnauthorizedCode);
        revoked.Should().Match<SendResult>(r => r.Status == SendStatus.Unauthorized && r.ErrorCode == UnauthorizedCode);
        if (RevokedReason is { } reason)
        {
            revoked.Reason.Should().Be(reason);
        }
    }

    [Fact]
    public async Task A_revoked_credential_fails_the_credential_test()
    {
        await using var harness = await StartAsync();
        RevokeCredentials(harness);

        var test = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);

        test.Ok.Should().BeFalse();
        test.Summary.Should().NotContain(Secret);
        AssertRevokedCredentialTest(test);
    }

    [Fact]
    public async Task Typing_with_a_revoked_credential_is_unauthorized_and_the_secret_is_not_in_the_reason()
    {
        await using var harness = await StartAsync();
        RevokeCredentials(harness);

        var result = await harness.Adapter.ShowTypingAsync(harness.Integration, harness.DefaultAddress, "wamid.THEIRS03", CancellationToken.None);

        result.Status.Should().Be(SendStatus.Unauthorized);
        (result.Reason ?? "").Should().NotContain(Secret);
    }

    [Fact]
    public async Task No_answer_in_time_is_transient()
    {
        await using var harness = await StartAsync(requestTimeout: TimeSpan.FromMilliseconds(200));
        AnswerNextSendAfter(harness.Simulator, TimeSpan.FromSeconds(5));

        var result = await harness.SendAsync(new TextContent("hello"));

        result.Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "timeout");
    }

    [Fact]
    public async Task Connection_refused_is_transient_and_nothing_carries_the_secret()
    {
        await using var harness = await StartAsync(baseUrl: ClosedPort());

        var result = await harness.SendAsync(new TextContent("hello"));

        result.Should().Match<SendResult>(r => r.Status == SendStatus.Transient && r.ErrorCode == "network");
        result.Reason.Should().NotContain(Secret);
        harness.Logs.Lines.Should().NotContain(line => line.Contains(Secret));
    }

    [Fact]
    public async Task Unsupported_content_degrades_to_text_and_the_degradation_is_recorded()
    {
        await using var harness = await StartAsync();

        var result = await harness.SendAsync(new UnsupportedContent("poll", "A poll we cannot send"));

        result.Status.Should().Be(SendStatus.Sent);
        result.Degradations.Should().Contain("unsupported->text");
        LastSentText(harness.Simulator).Should().Be("A poll we cannot send");
    }

    [Fact]
    public async Task The_secret_never_reaches_a_result_an_exception_or_a_log()
    {
        await using var harness = await StartAsync();
        var expected = FailSendsAroundTheSecret(harness.Simulator).Append(SendStatus.Sent).ToList();
        if (TestsCredentialsAfterFailures)
        {
            RefuseNextCredentialTest(harness.Simulator);
        }

        var results = new List<SendResult>();
        Exception? thrown = null;
        CredentialTestResult? test = null;
        try
        {
            foreach (var text in expected.Select((_, i) => $"message {i}"))
            {
                results.Add(await harness.SendAsync(new TextContent(text)));
            }

            if (TestsCredentialsAfterFailures)
            {
                test = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            thrown = e;
        }

        thrown.Should().BeNull();
        results.Select(r => r.Status).Should().Equal(expected);
        results.Should().OnlyContain(r => r.Reason == null || !r.Reason.Contains(Secret));
        if (MaskedReasonAt is { } masked)
        {
            results[masked].Reason.Should().Contain("***");
        }

        if (TestsCredentialsAfterFailures)
        {
            test!.Ok.Should().BeFalse();
            test.Summary.Should().NotContain(Secret);
            AssertRefusedCredentialTest(test);
        }

        harness.Logs.Lines.Should().NotBeEmpty("the capturing logger must see the HTTP traffic for this test to mean anything")
            .And.NotContain(line => line.Contains(Secret));
        AssertCallsCarriedTheSecretOnlyWhereTheyMust(harness);
    }

    /// <summary>A menu of <paramref name="options"/> options in one section, as a bot offers one.</summary>
    protected static InteractiveContent Choice(InteractiveStyle style, int options, string? header = null, string? footer = null) =>
        new("How can we help?", style,
            [new InteractiveSection(null, Enumerable.Range(1, options).Select(i => new InteractiveOption($"opt-{i}", $"Option {i}")).ToList())],
            header, footer);

    /// <summary>Nothing listens on a port just released.</summary>
    private static Uri ClosedPort() => new($"http://127.0.0.1:{FreePort.Next()}");
}
