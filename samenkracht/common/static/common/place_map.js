/* Show places on a small map (templates/common/place_map.html). The page says in text where
   each place is; the map only shows it. A place with an address is a marker that opens a
   link, and can be reached with the keyboard. Without Leaflet the map stays hidden. */
(function () {
  "use strict";

  function start(box) {
    var L = window.L;
    var data = box.dataset;
    var placesData = document.getElementById(data.places);
    var places = placesData ? JSON.parse(placesData.textContent) : [];
    if (places.length === 0) {
      return;
    }
    box.hidden = false;
    var element = box.querySelector(".place-map__map");
    var map = L.map(element, { keyboard: true, zoomControl: false, scrollWheelZoom: false });
    L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
    if (data.tiles) {
      L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
    }
    places.forEach(function (place) {
      var marker = L.marker([place.lat, place.lon], {
        title: place.name, alt: place.name, keyboard: Boolean(place.url)
      }).addTo(map);
      if (place.url) {
        var link = document.createElement("a");
        link.href = place.url;
        link.textContent = place.name;
        marker.bindPopup(link);
      }
    });
    if (places.length === 1) {
      map.setView([places[0].lat, places[0].lon], 16);
    } else {
      map.fitBounds(
        places.map(function (place) { return [place.lat, place.lon]; }),
        { maxZoom: 16, padding: [20, 20] }
      );
    }
    element.dataset.loaded = String(places.length);
  }

  function startAll() {
    if (typeof window.L === "undefined") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll(".place-map"), start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
