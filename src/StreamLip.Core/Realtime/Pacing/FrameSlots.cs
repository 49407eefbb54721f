using System.Buffers;
using StreamLip.Stages;

namespace StreamLip.Realtime.Pacing;

/// <summary>
/// The pacer's frames-to-come, by frame number: 64 slots (2.56 s) from the next frame to send. Owned by the pacer
/// (single thread); holds the composed buffers it was given until they are taken or the slots are cleared.
/// </summary>
internal sealed class FrameSlots
{
    private const int Capacity = 64;
    private readonly FrameResult[] _slots = new FrameResult[Capacity];
    private readonly bool[] _used = new bool[Capacity];

    /// <summary>Stores a result for a frame in [<paramref name="next"/>, next + 64); anything else is returned (false).</summary>
    public bool Put(in FrameResult result, long next)
    {
        if (result.Index < next || result.Index >= next + Capacity)
        {
            result.Return();
            return false;
        }

        int slot = (int)(result.Index % Capacity);
        if (_used[slot])
        {
            _slots[slot].Return();
        }

        _slots[slot] = result;
        _used[slot] = true;
        return true;
    }

    /// <summary>Takes frame <paramref name="index"/>'s result if there is one (the caller then owns its buffer).</summary>
    public bool TryTake(long index, out FrameResult result)
    {
        int slot = (int)(index % Capacity);
        if (_used[slot] && _slots[slot].Index == index)
        {
            result = _slots[slot];
            _slots[slot] = default;
            _used[slot] = false;
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Returns every held buffer.</summary>
    public void Clear()
    {
        for (int i = 0; i < Capacity; i++)
        {
            if (_used[i])
            {
                _slots[i].Return();
                _slots[i] = default;
                _used[i] = false;
            }
        }
    }
}
