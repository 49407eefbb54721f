using StreamLip.Avatars;
using StreamLip.Avatars.Import;

namespace StreamLip.Core.Tests.Avatars.Import;

/// <summary>
/// The restricted pickle reader on pickles written by Python 3.11 / NumPy 1.24 (hex below, from <c>pickle.dumps</c>),
/// and on files that must be refused.
/// </summary>
public sealed class RestrictedPickleTests
{
    // [tuple(np.array([64, 171, 175, 272], dtype=np.int64))], protocol 4: what LiveTalking's genavatar.py writes.
    internal const string NumpyBoxes = "800495a8000000000000005d94288c156e756d70792e636f72652e6d756c74696172726179948c067363616c61729493948c056e756d7079948c0564747970659493948c02693894898887945294284b038c013c944e4e4e4affffffff4affffffff4b00749462430840000000000000009486945294680368094308ab000000000000009486945294680368094308af000000000000009486945294680368094308100100000000000094869452947494612e";

    // [(1, 2, 300, 70000), (1.5, -2, 2**40, 0)], protocol 2.
    internal const string PlainProtocol2 = "80025d710028284b014b024d2c014a7011010074710128473ff80000000000004afeffffff8a060000000000014b00747102652e";

    // [tuple(np.array([1, -2], dtype=np.int32))], protocol 3 (GLOBAL opcode, BINBYTES).
    internal const string NumpyProtocol3 = "80035d7100636e756d70792e636f72652e6d756c746961727261790a7363616c61720a7101636e756d70790a64747970650a71025802000000693471038988877104527105284b0358010000003c71064e4e4e4affffffff4affffffff4b0074710762430401000000710886710952710a680168054304feffffff710b86710c52710d86710e612e";

    // [np.int32(258), np.float32(0.5), np.uint8(200)], protocol 5, made big-endian by hand: the '<' both dtypes' states
    // share became '>' and their bytes were reversed (the uint8's state is '|').
    internal const string NumpyMixedBigEndian = "800595ca000000000000005d94288c156e756d70792e636f72652e6d756c74696172726179948c067363616c61729493948c056e756d7079948c0564747970659493948c02693494898887945294284b038c013e944e4e4e4affffffff4affffffff4b007494624304000001029486945294680368068c02663494898887945294284b03680a4e4e4e4affffffff4affffffff4b0074946243043f0000009486945294680368068c02753194898887945294284b038c017c944e4e4e4affffffff4affffffff4b007494624301c89486945294652e";

    // [None, True, False, "héllo", b"\x01\x02", (), [1, [2, [3]]]], protocol 4.
    internal const string Misc = "80049528000000000000005d94284e88898c0668c3a96c6c6f944302010294295d94284b015d94284b025d944b03616565652e";

    // [E()] where E.__reduce__ returns (os.system, ("true",)): protocol 4 (STACK_GLOBAL) and 2 (GLOBAL).
    private const string EvilProtocol4 = "80049522000000000000005d948c05706f736978948c0673797374656d9493948c04747275659485945294612e";
    private const string EvilProtocol2 = "80025d710063706f7369780a73797374656d0a71015804000000747275657102857103527104612e";

    [Fact]
    public void NumPy_int64_boxes_read_as_integers()
    {
        object? value = Read(NumpyBoxes);

        var list = Assert.IsType<List<object?>>(value);
        object?[] box = Assert.IsType<object?[]>(Assert.Single(list));
        Assert.Equal(new object?[] { 64L, 171L, 175L, 272L }, box);
    }

    [Fact]
    public void Plain_protocol_2_ints_floats_and_long_ints()
    {
        var list = Assert.IsType<List<object?>>(Read(PlainProtocol2));

        Assert.Equal(new object?[] { 1L, 2L, 300L, 70000L }, list[0]);
        Assert.Equal(new object?[] { 1.5, -2L, 1L << 40, 0L }, list[1]);
    }

    [Fact]
    public void Protocol_3_globals_and_int32_scalars()
    {
        var list = Assert.IsType<List<object?>>(Read(NumpyProtocol3));

        Assert.Equal(new object?[] { 1L, -2L }, Assert.Single(list));
    }

    [Fact]
    public void Float_unsigned_and_big_endian_scalars()
    {
        var list = Assert.IsType<List<object?>>(Read(NumpyMixedBigEndian));

        Assert.Equal(new object?[] { 258L, 0.5, 200L }, list);
    }

    [Fact]
    public void Other_plain_data()
    {
        var list = Assert.IsType<List<object?>>(Read(Misc));

        Assert.Equal(7, list.Count);
        Assert.Null(list[0]);
        Assert.Equal(true, list[1]);
        Assert.Equal(false, list[2]);
        Assert.Equal("héllo", list[3]);
        Assert.Equal(new byte[] { 1, 2 }, list[4]);
        Assert.Empty(Assert.IsType<object?[]>(list[5]));
        var nested = Assert.IsType<List<object?>>(list[6]);
        Assert.Equal(1L, nested[0]);
        Assert.Equal(3L, Assert.Single(Assert.IsType<List<object?>>(Assert.IsType<List<object?>>(nested[1])[1])));
    }

    [Theory]
    [InlineData(EvilProtocol4)]
    [InlineData(EvilProtocol2)]
    public void A_pickle_naming_a_function_is_refused_before_it_is_called(string hex)
    {
        var e = Assert.Throws<InvalidDataException>(() => Read(hex));

        Assert.Contains("coords.pkl names the Python object posix.system; it was not loaded, since unpickling it could run code", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8004950a000000000000007d948c0161944b01732e", "holds a dict or a set")] // {"a": 1}
    [InlineData("8004950f000000000000005d948a09000000000000000040612e", "an integer that does not fit 64 bits")] // [2**70]
    [InlineData("286c70300a49310a6149320a612e", "is not a binary Python pickle")] // [1, 2], protocol 0
    [InlineData("80045d944b01", "is truncated")]
    [InlineData("80045d944b0161", "is truncated")] // no STOP
    [InlineData("8004612e", "reads an empty stack")] // APPEND to nothing
    [InlineData("80044b014b022e", "ends with an unbalanced stack")]
    [InlineData("800468052e", "refers to memo entry 5, which was never stored")]
    [InlineData("8004ff2e", "uses pickle opcode 0xff")]
    [InlineData("8006", "uses pickle protocol 6")]
    [InlineData("", "is not a binary Python pickle")]
    public void Broken_or_unsupported_pickles_are_refused(string hex, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => Read(hex));

        Assert.StartsWith("coords.pkl ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_float16_scalar_is_refused_by_dtype()
    {
        // [np.float16(1.0)]
        var e = Assert.Throws<InvalidDataException>(() => Read("80049566000000000000005d948c156e756d70792e636f72652e6d756c74696172726179948c067363616c61729493948c056e756d7079948c0564747970659493948c02663294898887945294284b038c013c944e4e4e4affffffff4affffffff4b007494624302003c9486945294612e"));

        Assert.Contains("dtype 'f2'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coords_become_boxes_in_LiveTalkings_order()
    {
        var boxes = LiveTalkingCoords.Parse(Read(NumpyBoxes), "coords.pkl");

        // (y1, y2, x1, x2) = (64, 171, 175, 272) -> x 175, y 64, 97 × 107.
        Assert.Equal(new FaceBox(175, 64, 97, 107), Assert.Single(boxes));
    }

    [Theory]
    [InlineData(Misc, "entry 0 is None, not a box of 4 integers")]
    [InlineData(PlainProtocol2, "entry 1 is a tuple of 4, not a box of 4 integers")] // 1.5 is not an integer
    [InlineData(NumpyProtocol3, "entry 0 is a tuple of 2, not a box")]
    [InlineData("80049509000000000000004b072e", "holds the integer 7, not a list")]
    [InlineData("80045d942e", "holds an empty list")]
    public void Coords_that_are_not_boxes_are_refused(string hex, string message)
    {
        var e = Assert.Throws<AvatarException>(() => LiveTalkingCoords.Parse(Read(hex), "coords.pkl"));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    private static object? Read(string hex) => RestrictedPickle.Read(Convert.FromHexString(hex), "coords.pkl");
}
