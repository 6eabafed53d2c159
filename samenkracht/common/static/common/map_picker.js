/* Pick a place on a map (templates/common/map_picker.html). The latitude and longitude fields
   stay the way to do it by keyboard, or to leave the place empty; the map only fills them in
   and follows what is typed. With buurt centres and a buurt field, a click on the map also
   chooses the buurt whose centre is nearest and says so in a status line; typing never
   changes the buurt someone chose. The server checks the place again. Without Leaflet the
   map stays hidden. */
(function () {
  "use strict";

  function number(field) {
    return parseFloat(field.value.trim().replace(",", "."));
  }

  // Squared distance on a flat map, with longitude shrunk by the latitude: enough to compare.
  function nearest(centres, lat, lon) {
    var scale = Math.cos(lat * Math.PI / 180);
    var best = null;
    var bestDistance = Infinity;
    centres.forEach(function (centre) {
      var dLat = centre.lat - lat;
      var dLon = (centre.lon - lon) * scale;
      var distance = dLat * dLat + dLon * dLon;
      if (distance < bestDistance) {
        best = centre;
        bestDistance = distance;
      }
    });
    return best;
  }

  function start(box) {
    var L = window.L;
    var data = box.dataset;
    var latField = document.getElementById(data.latField);
    var lonField = document.getElementById(data.lonField);
    if (!latField || !lonField) {
      return;
    }
    var buurtField = data.neighbourhoodField ? document.getElementById(data.neighbourhoodField) : null;
    var centresData = data.centres ? document.getElementById(data.centres) : null;
    var centres = centresData ? JSON.parse(centresData.textContent) : [];
    var status = box.querySelector(".map-picker__status");
    box.hidden = false;

    var map = L.map(box.querySelector(".map-picker__map"), { keyboard: true, zoomControl: false });
    L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
    if (data.tiles) {
      L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
    }
    centres.forEach(function (centre) {
      L.circleMarker([centre.lat, centre.lon], {
        radius: 4, color: "#595959", weight: 1, fillOpacity: 0.6, interactive: false
      }).addTo(map);
    });

    var lat = number(latField);
    var lon = number(lonField);
    var marker = null;
    if (isFinite(lat) && isFinite(lon)) {
      marker = L.marker([lat, lon], { keyboard: false, alt: data.markerLabel }).addTo(map);
      map.setView([lat, lon], 16);
    } else if (centres.length > 0) {
      map.fitBounds(
        centres.map(function (centre) { return [centre.lat, centre.lon]; }),
        { maxZoom: 15, padding: [20, 20] }
      );
    } else {
      map.setView([52.16, 5.39], 8);
    }

    function place(point) {
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.marker(point, { keyboard: false, alt: data.markerLabel }).addTo(map);
      }
    }

    // The buurt of the nearest centre, if the buurt field offers it.
    function chooseBuurt(pointLat, pointLon) {
      if (!buurtField || centres.length === 0) {
        return null;
      }
      var centre = nearest(centres, pointLat, pointLon);
      var option = centre ? buurtField.querySelector('option[value="' + String(centre.id) + '"]') : null;
      if (!option) {
        return null;
      }
      buurtField.value = option.value;
      return centre.name;
    }

    map.on("click", function (event) {
      latField.value = event.latlng.lat.toFixed(5);
      lonField.value = event.latlng.lng.toFixed(5);
      place(event.latlng);
      var buurt = chooseBuurt(event.latlng.lat, event.latlng.lng);
      if (status) {
        var text = buurt === null ? data.chosen : data.chosenNeighbourhood;
        status.textContent = text
          .replace("{lat}", latField.value)
          .replace("{lon}", lonField.value)
          .replace("{buurt}", buurt === null ? "" : buurt);
      }
    });

    function follow() {
      var typedLat = number(latField);
      var typedLon = number(lonField);
      if (isFinite(typedLat) && isFinite(typedLon)) {
        place([typedLat, typedLon]);
        map.panTo([typedLat, typedLon]);
      }
    }
    latField.addEventListener("change", follow);
    lonField.addEventListener("change", follow);
  }

  function startAll() {
    if (typeof window.L === "undefined") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll(".map-picker"), start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
