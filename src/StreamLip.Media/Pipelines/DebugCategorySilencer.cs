using StreamLip.Media.Native;

namespace StreamLip.Media.Pipelines;

/// <summary>
/// Lowers one GStreamer debug category to NONE for a scope and restores its threshold after, so a plugin's
/// known, harmless messages (see <see cref="Faces.FaceDetectElement"/>) do not reach a GST_DEBUG log.
/// Callers serialise scopes for the same category themselves.
/// </summary>
internal readonly struct DebugCategorySilencer : IDisposable
{
    private const int LevelNone = 0;

    private readonly nint _category;
    private readonly int _previous;

    private DebugCategorySilencer(nint category, int previous)
    {
        _category = category;
        _previous = previous;
    }

    /// <summary>
    /// Loads the plugin of <paramref name="elementFactory"/> (its debug category exists only once it is loaded)
    /// and silences <paramref name="categoryName"/>; a no-op scope when either is not found.
    /// </summary>
    public static DebugCategorySilencer Enter(string elementFactory, string categoryName)
    {
        using (GstObjectHandle factory = Gst.gst_element_factory_find(elementFactory))
        {
            if (factory.IsInvalid)
            {
                return default;
            }

            nint loaded = Gst.gst_plugin_feature_load(factory);
            if (loaded != 0)
            {
                Gst.gst_object_unref(loaded);
            }
        }

        nint category = Find(categoryName);
        if (category == 0)
        {
            return default;
        }

        int previous = Gst.gst_debug_category_get_threshold(category);
        Gst.gst_debug_category_set_threshold(category, LevelNone);
        return new DebugCategorySilencer(category, previous);
    }

    public void Dispose()
    {
        if (_category != 0)
        {
            Gst.gst_debug_category_set_threshold(_category, _previous);
        }
    }

    private static unsafe nint Find(string name)
    {
        nint list = Gst.gst_debug_get_all_categories();
        try
        {
            // GSList cells: { gpointer data; GSList* next; }.
            for (nint cell = list; cell != 0; cell = ((nint*)cell)[1])
            {
                nint category = ((nint*)cell)[0];
                if (GLib.PtrToString(Gst.gst_debug_category_get_name(category)) == name)
                {
                    return category;
                }
            }

            return 0;
        }
        finally
        {
            GLib.g_slist_free(list);
        }
    }
}
