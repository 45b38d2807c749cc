// How many complaints each of the given vehicle models has (the monthly rebuild reads them in batches
// bounded by this count, not by vehicles: one popular model has more complaints than a thousand others).
UNWIND $ids AS vid
MATCH (v:VehicleModel {id: vid})<-[:ABOUT]-(c:Complaint)
RETURN vid AS vehicle, count(c) AS complaints
