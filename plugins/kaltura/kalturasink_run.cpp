#include "kalturasink_run.h"

#include <algorithm>

namespace kalturasink {

namespace {

constexpr std::chrono::seconds kMinFinalTimeout{600};

}  // namespace

GstElement* element_of(GstKalturaSink* self) { return GST_ELEMENT(self); }

KalturaErrorContext error_context(GstKalturaSink* self) {
  KalturaErrorContext context;
  Private* priv = self->priv;
  {
    std::lock_guard<std::mutex> lock(priv->state_lock);
    context.upload_token_id = priv->state.token_id;
    context.entry_id = priv->state.entry_id;
    if (priv->run) {
      context.secrets = kaltura_run_secrets(priv->run->secrets, priv->run->client.get());
      // A rendition's asset; an attachment's has no field of its own.
      if (priv->run->settings.flavor_params_id >= 0) context.flavor_asset_id = priv->state.asset_id;
    }
  }
  return context;
}

void post_error(GstKalturaSink* self, const kaltura::Error& error, const std::string& doing, bool starting,
                KalturaCallSite site) {
  kaltura_post_error(element_of(self), error, doing, error_context(self), KalturaTransfer::Upload, starting,
                     GST_MESSAGE_ERROR, site);
}

UploadFigures figures_of(const Run& run) {
  UploadFigures figures;
  figures.session = run.session->stats();
  figures.retries = run.client->counters().retries + figures.session.resends;
  return figures;
}

std::chrono::seconds final_chunk_timeout(const KalturaSinkSettings& settings) {
  return std::max(kMinFinalTimeout, std::chrono::seconds(10 * settings.connection.request_timeout_seconds));
}

void post_settings_error(GstKalturaSink* self, const std::string& text, KalturaCallSite site) {
  kaltura_post_message(element_of(self), GST_MESSAGE_ERROR, GST_RESOURCE_ERROR_SETTINGS, text, "", error_context(self),
                       site);
}

}  // namespace kalturasink
