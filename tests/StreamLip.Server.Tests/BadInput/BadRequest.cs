using System.Net;

namespace StreamLip.Server.Tests.BadInput;

/// <summary>One bad request of the corpus: how to send it, and the status and words of the problem+json answer.</summary>
/// <param name="Status">The expected status.</param>
/// <param name="Fragment">Words the answer's detail must hold (it says what is wrong).</param>
/// <param name="Send">Sends it (the server fixture gives paths and a live session when a case needs them).</param>
internal sealed record BadRequest(HttpStatusCode Status, string Fragment, Func<BadInputServer, HttpClient, Task<HttpResponseMessage>> Send);
