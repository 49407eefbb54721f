namespace StreamLip.Media.Outputs;

/// <summary>
/// Finds v4l2loopback devices through sysfs: a loopback device is a video4linux node under
/// <c>/sys/devices/virtual</c> (real cameras hang off a bus), named by its <c>card_label</c>.
/// </summary>
public static class VirtualCameraDevices
{
    private const string ClassDirectory = "/sys/class/video4linux";
    private const string ModuleDirectory = "/sys/module/v4l2loopback";

    /// <summary>Whether the v4l2loopback kernel module is loaded.</summary>
    public static bool ModuleLoaded => Directory.Exists(ModuleDirectory);

    /// <summary>The loopback devices, e.g. <c>/dev/video10</c>, in name order.</summary>
    public static IReadOnlyList<string> Find()
    {
        if (!Directory.Exists(ClassDirectory))
        {
            return [];
        }

        var found = new List<string>();
        foreach (string node in Directory.EnumerateDirectories(ClassDirectory, "video*").Order(StringComparer.Ordinal))
        {
            var info = new DirectoryInfo(node);
            string? target = info.LinkTarget is { } link ? Path.GetFullPath(link, ClassDirectory) : null;
            string device = "/dev/" + info.Name;
            if (target is not null && target.Contains("/devices/virtual/", StringComparison.Ordinal) && File.Exists(device))
            {
                found.Add(device);
            }
        }

        return found;
    }

    /// <summary>
    /// The device to open: <paramref name="requested"/> when it exists, else the first loopback device.
    /// </summary>
    /// <exception cref="VirtualCameraUnavailableException">None: the message says why (no module, no device, the named
    /// device missing) and how to make one.</exception>
    public static string Resolve(string? requested)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            if (File.Exists(requested))
            {
                return requested;
            }

            throw new VirtualCameraUnavailableException(
                $"The virtual camera device '{requested}' does not exist{(ModuleLoaded ? " (v4l2loopback is loaded with other device numbers: see ls /dev/video*)" : "; the v4l2loopback kernel module is not loaded")}. " +
                VirtualCameraUnavailableException.SetupHint);
        }

        IReadOnlyList<string> devices = Find();
        if (devices.Count > 0)
        {
            return devices[0];
        }

        throw new VirtualCameraUnavailableException(
            (ModuleLoaded
                ? "The v4l2loopback kernel module is loaded but has no device. "
                : "No virtual camera device: the v4l2loopback kernel module is not loaded (no /sys/module/v4l2loopback, no loopback /dev/video*). ")
            + VirtualCameraUnavailableException.SetupHint);
    }
}
