using System.Text;
using KeyKeeper.Frontend.Gateway;
using Microsoft.AspNetCore.Http;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// The usage fields of each provider's answers, plain and streamed, as they pass to the app in
/// pieces of any size; the app gets every byte unchanged. (The SDK tests cover OpenAI and
/// Anthropic end to end; Google has no official .NET SDK to drive here.)
/// </summary>
public sealed class UsageMeterTests
{
    [Theory]
    [InlineData("application/json", """{"id":"c","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42}}""", 12, 30)]
    [InlineData("application/json", """{"id":"msg","type":"message","usage":{"input_tokens":9,"output_tokens":4}}""", 9, 4)]
    [InlineData("application/json", """{"candidates":[],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":8,"totalTokenCount":13}}""", 5, 8)]
    [InlineData("application/json", """{"id":"resp","output":[],"usage":{"input_tokens":3,"output_tokens":6}}""", 3, 6)]
    [InlineData("text/event-stream", "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n", 7, 2)]
    [InlineData("text/event-stream", "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":11,\"output_tokens\":1}}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"text\":\"usage is a word\"}}\n\nevent: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":25}}\n\n", 11, 25)]
    [InlineData("text/event-stream", "data: {\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":1}}\r\n\r\ndata: {\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":9}}\r\n\r\n", 4, 9)]
    [InlineData("text/event-stream", "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":2,\"output_tokens\":5}}}\n\n", 2, 5)]
    [InlineData("text/html", "<html>Bad gateway</html>", 0, 0)]
    public async Task TheUsageFieldsAreReadWhateverThePiecesAndTheBytesPassUnchanged(string contentType, string answer, long input, long output)
    {
        foreach (var pieceSize in new[] { 1, 7, 64, 100_000 })
        {
            var context = new DefaultHttpContext();
            var app = new MemoryStream();
            context.Response.Body = app;
            context.Response.ContentType = contentType;
            var meter = new UsageMeter(context.Response);
            var bytes = Encoding.UTF8.GetBytes(answer);
            for (var at = 0; at < bytes.Length; at += pieceSize)
            {
                await meter.WriteAsync(bytes.AsMemory(at, Math.Min(pieceSize, bytes.Length - at)));
            }

            meter.Complete();
            Assert.Equal((input, output), (meter.InputTokens, meter.OutputTokens));
            Assert.Equal(bytes, app.ToArray());
        }
    }
}
