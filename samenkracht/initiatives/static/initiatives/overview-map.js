// The overview map: initiatives as clustered markers on the PDOK base map. The list on the
// page works without this script; keyboard users reach every initiative there as well.
(function () {
  "use strict";

  function start() {
    var element = document.getElementById("overview-map");
    if (!element || typeof window.L === "undefined") {
      return;
    }
    var L = window.L;
    var data = element.dataset;
    var status = document.getElementById("map-status");
    document.getElementById("map-section").hidden = false;

    var map = L.map(element, { zoomControl: false, keyboard: true, maxZoom: 19 }).setView([52.156, 5.388], 12);
    L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
    element.setAttribute("role", "region");
    element.setAttribute("aria-label", data.label);
    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
    }

    var centres = L.layerGroup();
    var centreData = document.getElementById("neighbourhood-centres");
    if (centreData) {
      JSON.parse(centreData.textContent).forEach(function (centre) {
        L.circleMarker([centre.lat, centre.lon], {
          radius: 3, color: "#595959", weight: 1, fillOpacity: 0.6, interactive: false
        }).addTo(centres);
      });
      centres.addTo(map);
    }

    var clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        var size = count < 10 ? 40 : count < 100 ? 48 : 56;
        var label = document.createElement("span");
        label.textContent = String(count);
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = " " + data.clusterLabel;
        var holder = document.createElement("div");
        holder.appendChild(label);
        holder.appendChild(hidden);
        return L.divIcon({ html: holder.innerHTML, className: "overview-cluster", iconSize: [size, size] });
      }
    });
    clusters.addTo(map);
    var overlays = {};
    overlays[data.initiativesLabel] = clusters;
    overlays[data.neighbourhoodsLabel] = centres;
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);

    fetch(data.geojsonUrl, { headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) {
            var name = feature.properties.name;
            return L.marker(latlng, { title: name, alt: name, keyboard: true });
          },
          onEachFeature: function (feature, marker) {
            var link = document.createElement("a");
            link.href = data.detailUrl.replace("/0/", "/" + encodeURIComponent(feature.id) + "/");
            link.textContent = feature.properties.name;
            marker.bindPopup(link);
          }
        });
        clusters.addLayer(layer);
        if (collection.features.length > 0) {
          map.fitBounds(clusters.getBounds(), { maxZoom: 15, padding: [20, 20] });
        }
        element.dataset.loaded = String(collection.features.length);
      })
      .catch(function () {
        if (status) { status.textContent = data.error; }
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
